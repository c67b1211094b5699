"""The embedded default's database backend: Django's SQLite with writers queued by the kernel."""
