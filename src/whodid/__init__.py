"""whodid: who did what to whom, coded offline from human-rights incident reports.

The package is laid out along the data flow: ``ingest`` turns bytes into a
:class:`~whodid.model.Document`, ``extract`` adds a :class:`~whodid.model.Record`
to it, ``store`` keeps both, and ``cli``/``web`` only parse and print.
"""

__version__ = "0.1.0"
