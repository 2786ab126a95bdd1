"""``python -m bankcomplaints``."""

import sys

from bankcomplaints.cli import main

sys.exit(main())
