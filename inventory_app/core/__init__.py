"""The rules of the supply room, free of Qt and of file formats.

Services take ids and plain values and return frozen dataclasses (`core.types`).
"""
