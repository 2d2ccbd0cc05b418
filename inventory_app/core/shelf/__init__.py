"""Shelf chores: expiry, counts, usage and spending."""
