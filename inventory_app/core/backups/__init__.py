"""Backups of the database file and restoring them."""
