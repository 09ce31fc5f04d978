"""Entry script of the built program (both ``wijkkaart`` and ``wijkkaart-gui``)."""

import multiprocessing

# The program is also its own fork server and child processes (Ward, max-p: see
# wijkkaart/child_process.py), started as `wijkkaart -c "from multiprocessing.forkserver …"`:
# PyInstaller's freeze_support runs that code and exits, before the program itself starts.
multiprocessing.freeze_support()

from wijkkaart.launcher import main  # noqa: E402 - after freeze_support, as PyInstaller asks

raise SystemExit(main())
