"""Allow ``python -m wijkkaart``."""

from wijkkaart.cli import main

raise SystemExit(main())
