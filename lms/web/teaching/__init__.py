"""Pages of teaching."""
