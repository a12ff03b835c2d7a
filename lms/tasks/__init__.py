"""Practical tasks: learners ask to be assessed; assessors sign off against the checklist."""
