"""Migration scripts, oldest first; Alembic finds them by path (this file makes them package data)."""
