"""A learner's progress page and reading marks."""
