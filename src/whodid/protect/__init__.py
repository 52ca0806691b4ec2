"""Protect: keys and encryption at rest for what would endanger people if it leaked.

:mod:`whodid.protect.keys` holds the envelope encryption (master key outside the
database, wrapped data keys inside it) and blind indexes.
"""
