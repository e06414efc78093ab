"""Keep hypothesis' caches out of the working tree.

Hypothesis stores examples and constants under ``.hypothesis/`` in the
current directory; the property tests run with ``database=None`` and bounded
example counts, so nothing there is worth keeping between runs.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile

from hypothesis.configuration import set_hypothesis_home_dir

_HOME = tempfile.mkdtemp(prefix="svccheck-hypothesis-")
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
set_hypothesis_home_dir(_HOME)
