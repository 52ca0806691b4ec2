"""Tests of the ingest stage (whodid.ingest)."""
