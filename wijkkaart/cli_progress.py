"""Progress on stderr for long CLI commands, and Ctrl+C as a clean cancel (Qt-free).

Every command gets one :class:`~wijkkaart.feedback.Feedback` (``args.feedback``) and passes it
to its long functions, as the app's jobs do. Its reports go to stderr through one small printer,
only when stderr is a terminal or with ``--voortgang``/``--progress``, so stdout (``--json``)
never carries them. On a terminal the line is rewritten in place; in a log one line per step.

Ctrl+C cancels the feedback: the work stops at its next check, where stopping leaves nothing
half done, and outputs written through :mod:`wijkkaart.safe_output` never appear partly. A
second Ctrl+C stops at once. Either way the command says so in Dutch (or English) on stderr and
exits with :data:`EXIT_INTERRUPTED` (130, as a shell reports a process stopped by Ctrl+C), never
with a traceback.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from wijkkaart.feedback import Feedback
from wijkkaart.messages import tr

EXIT_INTERRUPTED = 130  # 128 + SIGINT

__all__ = ["EXIT_INTERRUPTED", "add_progress_option", "command_feedback", "progress_printer"]


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """``--voortgang`` (``--progress``): progress on stderr also when it is not a terminal."""
    parser.add_argument(
        "--voortgang", "--progress", dest="progress", action="store_true", help=tr("cli_progress")
    )


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed, or not a file
        return False


def progress_printer(stream: Any, steps: int = 20) -> Callable[[float, str], None]:
    """A ``Feedback`` listener: on a terminal one line rewritten in place, otherwise (a log, a
    pipe) a line at every new message and every 1/``steps`` of the job, and at its end."""
    tty = _is_terminal(stream)
    shown = [-1]
    last = [""]

    def listen(fraction: float, message: str) -> None:
        new = bool(message) and message != last[0]
        message = message or last[0]
        if not message:
            return
        last[0] = message
        line = f"{message} ({round(fraction * 100)}%)"
        if tty:
            end = "\n" if fraction >= 1.0 else ""
            width = max(20, shutil.get_terminal_size().columns - 1)  # no wrap: \r rewrites it
            print(f"\r{line[:width]:<{width}}", end=end, file=stream, flush=True)
            return
        step = int(fraction * steps)
        if new or step > shown[0] or fraction >= 1.0:
            shown[0] = step
            print(line, file=stream, flush=True)

    return listen


@contextmanager
def command_feedback(args: argparse.Namespace, stream: Any = None) -> Iterator[Feedback]:
    """The feedback of one command: progress to ``stream`` (stderr) when wanted, and Ctrl+C
    turned into ``feedback.cancel()`` while the command runs (restored afterwards)."""
    stream = sys.stderr if stream is None else stream
    wanted = bool(getattr(args, "progress", False)) or _is_terminal(stream)
    printer = progress_printer(stream) if wanted else None
    feedback = Feedback(printer)
    presses = [0]

    def interrupted(signum: int, frame: Any) -> None:
        presses[0] += 1
        if presses[0] > 1 or feedback.cancelled:
            raise KeyboardInterrupt  # the second Ctrl+C: at once
        feedback.cancel()  # the first: at the next check, where nothing is half done
        print(f"\n{tr('cli_cancelling')}", file=stream, flush=True)

    previous = None
    main = threading.current_thread() is threading.main_thread()
    if main:
        previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield feedback
        done = feedback.message and not feedback.cancelled and feedback.fraction < 1.0
        if printer is not None and done:
            feedback.progress(1.0)  # the last line says 100 %
    finally:
        if main:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
        open_line = feedback.message and feedback.fraction < 1.0
        if printer is not None and _is_terminal(stream) and open_line:
            print(file=stream, flush=True)  # end the line rewritten in place
