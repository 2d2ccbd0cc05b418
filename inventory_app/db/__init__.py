"""Storage: peewee models, opening a database by one string, schema versions.

Knows nothing of the rules above it (core) or of Qt.
"""
