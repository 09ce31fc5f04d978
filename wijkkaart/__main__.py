"""Allow ``python -m wijkkaart``."""

from wijkkaart.cli import console_main

raise SystemExit(console_main())
