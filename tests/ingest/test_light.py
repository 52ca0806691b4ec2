"""Plain-text ingest stays light: no HTML, PDF or date-parsing libraries loaded."""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
from whodid.ingest import ingest_bytes
ingest_bytes(b"Tuesday, March 3, 2020\\n\\nPolice detained two reporters in Darnsk.\\n", "probe")
heavy = [name for name in ("trafilatura", "pypdf", "dateparser", "lxml") if name in sys.modules]
print(",".join(heavy))
"""


def test_plain_text_ingest_does_not_import_heavy_libraries() -> None:
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
