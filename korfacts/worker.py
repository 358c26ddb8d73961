"""Loaded once in a batch worker's parent: builds and warms the Kiwi analyzer, then workers fork from it.

``korfacts.pool`` names this module as the forkserver's preload, so the model (about 500 MB) is read once and the
workers forked from the server share its pages until they write to them; a worker that replaces a dead one is again
a fork of this warm server. Importing it anywhere else only costs the
same warm-up that the first ``extract()`` would.
"""

from __future__ import annotations

from korfacts.extractor import Extractor

EXTRACTOR = Extractor()
EXTRACTOR.analyzer.warm_up()
