"""Allow ``python -m svccheck``."""

from svccheck.cli import main

raise SystemExit(main())
