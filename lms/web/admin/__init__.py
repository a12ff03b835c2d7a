"""Administration: organisations, people, groups, CSV import, audit log."""
