"""Logging in and out, the home page, one's own account and data."""
