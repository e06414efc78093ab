"""Hypothesis set-up: reproducible runs, and no caches in the working tree.

The property tests run in CI on every change, so by default they draw the
same examples every time (``derandomize``): a red CI run then always
reproduces, and a green one does not turn red on a later, unrelated change.
To hunt for new counterexamples, run them with random draws (again and
again):

    SVCCHECK_HYPOTHESIS=explore python -m pytest tests/hardening

Hypothesis stores examples and constants under ``.hypothesis/`` in the
current directory; the tests run with bounded example counts and nothing
there is worth keeping, so its home is a temporary directory.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

_HOME = tempfile.mkdtemp(prefix="svccheck-hypothesis-")
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
set_hypothesis_home_dir(_HOME)

settings.register_profile("reproducible", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False, database=None)
settings.load_profile(
    "explore" if os.environ.get("SVCCHECK_HYPOTHESIS") == "explore" else "reproducible"
)
