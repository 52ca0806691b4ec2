"""Alembic migrations of the store's schema, shipped with the package and run on open."""
