"""Allow ``python -m svccheck``."""

from svccheck.launch import main

raise SystemExit(main())
