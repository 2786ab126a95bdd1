"""Where the tests find the project's shared public data (CFPB complaints, CBIRC figures).

It lives outside the repository, in ``shared/data`` beside the checkout; a clone of a local checkout also finds it
beside the repository it was cloned from. A host that keeps it elsewhere names the folder in
``BANKCOMPLAINTS_SHARED_DATA``. Without it, conftest stops the run with one line saying so.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _beside_origin() -> Path | None:
    """``shared/data`` beside the local repository this checkout was cloned from, if there is one."""
    try:
        url = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                             capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    origin = Path(url.removeprefix("file://"))
    return origin.resolve().parent / "shared" / "data" if url and origin.is_dir() else None


def _shared_data() -> Path:
    named = os.environ.get("BANKCOMPLAINTS_SHARED_DATA")
    if named:
        return Path(named).resolve()
    beside = (ROOT.parent / "shared" / "data").resolve()
    if beside.is_dir():
        return beside
    return _beside_origin() or beside


SHARED_DATA = _shared_data()
