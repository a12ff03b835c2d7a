"""Organisations (tenants); people, groups and roles build on these."""
