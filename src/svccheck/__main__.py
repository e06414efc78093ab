"""Allow ``python -m svccheck``."""

from svccheck.entry import main

raise SystemExit(main())
