"""The web interface: server-rendered pages, grouped by domain."""
