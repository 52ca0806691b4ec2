"""Errors the store raises, each saying what went wrong and what to do about it."""

from __future__ import annotations


class StoreError(RuntimeError):
    """Something in the store is missing, ambiguous, invalid or damaged."""


class NotFoundError(StoreError):
    """No document (or no unique document) matches what was asked for.

    A subclass so callers such as the web UI can answer "404" rather than "500".
    """
