"""Assessment: attempts at a module's items, scoring, and the rules that keep results honest."""
