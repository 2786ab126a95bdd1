"""Where the tests find the project's shared public data (CFPB complaints, CBIRC figures).

It lives outside the repository, in ``../shared/data`` beside the checkout; a host that keeps it elsewhere names the
folder in ``BANKCOMPLAINTS_SHARED_DATA``. Without it, conftest stops the run with one line saying so.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("BANKCOMPLAINTS_SHARED_DATA") or ROOT.parent / "shared" / "data").resolve()
