"""Taking a module's assessment."""
