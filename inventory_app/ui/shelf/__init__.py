"""Expiring lots, counts and reports."""
