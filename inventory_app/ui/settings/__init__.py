"""The office's settings."""
