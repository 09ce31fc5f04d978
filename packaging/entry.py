"""Entry script of the built program (both ``wijkkaart`` and ``wijkkaart-gui``)."""

from wijkkaart.launcher import main

raise SystemExit(main())
