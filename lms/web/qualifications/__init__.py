"""Pages of qualifications."""
