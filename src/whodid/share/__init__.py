"""Sharing the record: exports in the field's formats, redacted per audience."""
