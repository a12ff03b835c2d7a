"""Personal data: what a person can download about themselves, and how a person is erased."""
