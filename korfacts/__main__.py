"""``python -m korfacts``: the same as the ``korfacts`` command."""

import sys

from korfacts.cli import main

sys.exit(main())
