"""Signing in, the lock screen, users and the audit log."""
