"""Practical tasks: a learner asks to be assessed; an assessor signs off on a tablet."""
