"""Backing up and restoring from the window."""
