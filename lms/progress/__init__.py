"""Progress: sections read, module completion and programme progress."""
