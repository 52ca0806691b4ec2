"""Record linkage: one incident told by many reports, one person named in many.

The flow: records in the store become rows (:mod:`whodid.link.rows`), rows get
comparison keys (:mod:`whodid.link.names` for names across scripts), Splink
scores blocked pairs (:mod:`whodid.link.engine` with the person and event
models of :mod:`whodid.link.persons` and :mod:`whodid.link.events`), and the
pairs go to a review queue in the store, where a person accepts or rejects
each, field by field. Accepted links join records into incidents and persons
without touching them: every source and its provenance stays, and a link can
be undone. :mod:`whodid.link.generate` invents duplicate reports with known
truth, for the tests and ``benchmarks/linkage.py``.
"""
