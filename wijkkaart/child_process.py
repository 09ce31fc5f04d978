"""One long library call in a child process, so that *Annuleren* really stops it (Qt-free).

sklearn's Ward and spopt's max-p are one call each, with no callback to stop them: a worker
thread running them cannot be stopped, it burns a CPU until the call returns, and in the CLI
even Ctrl+C waits (Python runs a signal handler only between bytecodes). A process can be
stopped. :func:`run_in_child` runs one picklable function in a child process and waits for
its answer, looking at ``feedback.cancelled`` every :data:`POLL_S`; on a cancel it terminates
the child (SIGKILL when it has not gone after :data:`TERMINATE_WAIT_S`) and raises
:class:`~wijkkaart.feedback.Cancelled`, as any long function does.

Start method: the ``forkserver`` (``spawn`` where the platform has none), never ``fork``: the app
calls this from a worker thread of a process with Qt, and forking a process with threads copies
locks that other threads hold. The fork server is a fresh process that imports the heavy modules
(:data:`PRELOAD`) once per session; every child then forks from it, ready, in 40-100 ms. That
first start costs what the imports cost (2-4 s on this machine at load 3, far more under heavy
load), so :func:`worth_a_child` sends a call to a child only when it is long enough: see there.

Errors: a :class:`~wijkkaart.messages.WijkkaartError` raised in the child is raised again here
(its key and values, so in this process's language); any other exception, and a child that dies
without an answer (killed, out of memory), become a Dutch ``WijkkaartError``; the child's
traceback goes to the log. The child ignores Ctrl+C (a terminal sends it to the whole process
group; the parent decides) and ends itself when its parent dies.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from wijkkaart.feedback import Cancelled, Feedback, ensure
from wijkkaart.messages import WijkkaartError

log = logging.getLogger(__name__)

T = TypeVar("T")

__all__ = [
    "FOR_LONG_SESSIONS",
    "POLL_S",
    "PRELOAD",
    "preload",
    "run_in_child",
    "running",
    "warm_up",
    "worth_a_child",
]

POLL_S = 0.05  # how often the parent looks at the cancel flag while the child works
TERMINATE_WAIT_S = 0.2  # SIGTERM first; SIGKILL when the child is still there after this
# What the fork server imports once, so that a child starts with it already loaded: the module
# whose functions run in a child, sklearn (Ward), and the console script's own module (a child
# re-imports the parent's main script, and bin/wijkkaart imports wijkkaart.cli). A call adds
# what else it needs (:func:`preload`) before the server starts: the CLI, which runs one
# command, waits only for its own libraries (Ward: sklearn 2-3 s; max-p adds spopt, which pulls
# in matplotlib: 1-2 s more). The app, which runs many, preloads :data:`FOR_LONG_SESSIONS`.
PRELOAD = ("wijkkaart.cli", "wijkkaart.analysis.typology", "sklearn.cluster", "scipy.sparse")
MAX_P_MODULES = ("libpysal", "spopt.region")
FOR_LONG_SESSIONS = (*PRELOAD, *MAX_P_MODULES)
# Measured with bench/bench_killable.py (2 CPUs shared with other sessions): a warm child costs
# 72 ms at load 3 (225 ms at load 7); the fork server's first start 2.1 s with sklearn only and
# 4.0 s with spopt too at load 3 (9 s and 17 s at load 7).
# A call expected to take less than this runs in the calling thread: a cancel then waits for it
# at most this long, and a child would add 0.1 s (warm) or seconds (cold) for little.
WORTH_S = 0.5
# Before the server is up, only a call expected to take longer than this goes to a child (the
# server's start is then a fraction of the call); shorter ones run in-process once, while the
# server starts in the background for the next.
COLD_START_S = 3.0
_EXIT_ORPHAN = 3  # the child's exit code when it stopped because its parent died

_lock = threading.Lock()
_context: BaseContext | None = None
_warm = threading.Event()  # set once a child has answered: the server has loaded PRELOAD
_warming: threading.Thread | None = None
_running: set[int] = set()
_preload: list[str] = list(PRELOAD)


def _get_context() -> BaseContext:
    global _context
    with _lock:
        if _context is None:
            methods = multiprocessing.get_all_start_methods()
            # Windows, macOS without it: spawn, every child imports what it needs itself
            method = "forkserver" if "forkserver" in methods else "spawn"
            _context = multiprocessing.get_context(method)
        return _context


def _start_server(context: BaseContext) -> None:
    """Start the fork server (once) with Ctrl+C blocked: a terminal sends SIGINT to the whole
    process group, and the server would die of it in its imports, before it ignores SIGINT
    itself. The blocked mask is inherited through fork and exec; multiprocessing's resource
    tracker is started the same way."""
    if context.get_start_method() != "forkserver" or not hasattr(signal, "pthread_sigmask"):
        return
    from multiprocessing import forkserver

    with _lock:
        context.set_forkserver_preload(list(_preload))  # type: ignore[attr-defined]
    server = forkserver._forkserver  # type: ignore[attr-defined]
    before = getattr(server, "_forkserver_pid", None)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        server.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    if before is not None and getattr(server, "_forkserver_pid", None) != before:  # restarted
        _warm.clear()


def preload(*modules: str) -> None:
    """Have the fork server import ``modules`` too, when it starts (no effect once it runs: a
    child then imports what it lacks itself)."""
    with _lock:
        _preload.extend(m for m in modules if m not in _preload)


def running() -> list[int]:
    """The process ids of the children working now (for tests and the benchmark)."""
    with _lock:
        return sorted(_running)


def worth_a_child(expected_s: float, needs: tuple[str, ...] = ()) -> bool:
    """Whether a call expected to take ``expected_s`` seconds in-process should run in a child,
    which will import the modules ``needs`` (they are preloaded when the server starts now).

    Below :data:`WORTH_S` never (a cancel waits at most that long anyway). Once the fork server
    is up, always: a child costs 40-100 ms. Before, only from :data:`COLD_START_S` on, the
    price of starting the server; a shorter call runs in-process and starts the server in the
    background (:func:`warm_up`), so that the next one can be stopped.
    """
    if expected_s < WORTH_S:
        return False
    preload(*needs)
    if _get_context().get_start_method() != "forkserver":  # spawn: every child imports anew
        return expected_s >= COLD_START_S
    if _warm.is_set():
        return True
    warm_up()
    return expected_s >= COLD_START_S


def warm_up(wait_s: float | None = 0.0) -> bool:
    """Start the fork server in the background (once); wait up to ``wait_s`` for it (None: for
    as long as it takes). True when it is up."""
    global _warming
    with _lock:
        if not _warm.is_set() and (_warming is None or not _warming.is_alive()):
            _warming = threading.Thread(target=_probe, name="wijkkaart-child-warm-up", daemon=True)
            _warming.start()
    return _warm.wait(wait_s)


def _probe() -> None:
    """Run one trivial child: its answer means the server has loaded PRELOAD."""
    try:
        _run(os.getpid, (), {}, Feedback(), "wijkkaart-warm-up", None)
    except Exception as exc:  # logged; a call waiting for it says so to the user
        log.warning("the child process did not start: %s", exc)


def _wait_for_server(feedback: Feedback) -> None:
    """Until the fork server has loaded PRELOAD, cancellably: a child started before would
    block in ``Process.start`` for all of the server's imports, where no cancel is seen."""
    context = _get_context()
    if context.get_start_method() != "forkserver":
        return
    try:
        _start_server(context)  # notices a server that died (and must import again)
    except OSError as exc:
        raise WijkkaartError("child_start_failed", detail=str(exc)) from exc
    if _warm.is_set():
        return
    warm_up()
    with _lock:
        probe = _warming
    while not _warm.wait(POLL_S):
        feedback.check()
        if probe is None or not probe.is_alive():
            if _warm.is_set():
                return
            raise WijkkaartError("child_start_failed", detail="the fork server did not answer")


def run_in_child(
    func: Callable[..., T],
    *args: Any,
    feedback: Feedback | None = None,
    name: str = "wijkkaart-child",
    on_start: Callable[[BaseProcess], None] | None = None,
    **kwargs: Any,
) -> T:
    """``func(*args, **kwargs)`` in a child process; :class:`Cancelled` when ``feedback`` is
    cancelled meanwhile (the child is stopped first). ``func``, the arguments and the result
    must be picklable (``func`` a module-level function). ``on_start(process)`` is told the
    child once it runs (tests look at its pid and exit code)."""
    feedback = ensure(feedback)
    feedback.check()
    _wait_for_server(feedback)
    return _run(func, args, kwargs, feedback, name, on_start)


def _run(
    func: Callable[..., T],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    feedback: Feedback,
    name: str,
    on_start: Callable[[BaseProcess], None] | None,
) -> T:
    context = _get_context()
    try:
        _start_server(context)
    except OSError as exc:
        raise WijkkaartError("child_start_failed", detail=str(exc)) from exc
    receive, send = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_child_main, args=(send, func, args, kwargs), name=name, daemon=True
    )
    try:
        process.start()
    except (OSError, RuntimeError) as exc:  # no processes left, no memory, no fork server
        raise WijkkaartError("child_start_failed", detail=str(exc)) from exc
    finally:
        send.close()  # ours; the child has its own: EOF here once the child is gone
    pid = process.pid
    assert pid is not None
    with _lock:
        _running.add(pid)
    try:
        if on_start is not None:
            on_start(process)
        answer = _answer(process, receive, feedback)
    except BaseException:  # Cancelled, or a second Ctrl+C: stop it now
        _stop(process, answered=False)
        raise
    finally:
        receive.close()
        _stop(process, answered=True)
        with _lock:
            _running.discard(pid)
    if answer is None:
        code = process.exitcode
        log.warning("child %s (%s) ended without an answer, exit code %s", pid, name, code)
        if code is not None and code < 0:
            raise WijkkaartError("child_killed", signal=_signal_name(-code))
        raise WijkkaartError("child_crashed", code=code)
    kind, *rest = answer
    _warm.set()
    if kind == "done":
        return rest[0]  # type: ignore[no-any-return]
    if kind == "refused":
        key, values = rest
        raise WijkkaartError(key, **values)
    error, trace = rest
    log.error("%s failed in a child process:\n%s", name, trace)
    raise WijkkaartError("child_failed", error=error.partition(":")[0], detail=trace)


def _answer(process: BaseProcess, receive: Any, feedback: Feedback) -> tuple[Any, ...] | None:
    """The child's answer, or None when it ended without one; raises Cancelled on a cancel."""
    while True:
        if feedback.cancelled:
            raise Cancelled
        ready = wait([receive, process.sentinel], POLL_S)
        if receive in ready or (ready and receive.poll()):
            try:
                return receive.recv()  # type: ignore[no-any-return]
            except (EOFError, OSError):  # it died without sending
                return None
        if ready:  # the child ended and nothing is left to read
            return None


def _stop(process: BaseProcess, answered: bool) -> None:
    """Make sure the child is gone: after its answer it ends by itself (given a moment);
    otherwise SIGTERM, and SIGKILL when that did not end it."""
    if process.exitcode is None and answered:
        process.join(TERMINATE_WAIT_S)
    if process.exitcode is None:
        process.terminate()
        process.join(TERMINATE_WAIT_S)
    if process.exitcode is None:
        process.kill()
        process.join(2.0)


def _signal_name(number: int) -> str:
    """'9 (SIGKILL)': the signal that ended the child, for the message."""
    try:
        return f"{number} ({signal.Signals(number).name})"
    except ValueError:
        return str(number)


# --- in the child --------------------------------------------------------------------------


def _child_main(
    send: Any, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    """Run the call and send ``("done", value)``, ``("refused", key, values)`` or
    ``("failed", error, traceback)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    _end_with_parent()
    try:
        value = func(*args, **kwargs)
        answer: tuple[Any, ...] = ("done", value)
    except WijkkaartError as exc:
        answer = ("refused", exc.key, exc.values)
    except BaseException as exc:  # everything goes back as a message
        answer = ("failed", f"{type(exc).__name__}: {exc}", traceback.format_exc())
    try:
        send.send(answer)
    except Exception as exc:  # an answer that cannot be pickled
        send.send(("failed", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        send.close()


def _end_with_parent() -> None:
    """A thread that ends this child when the parent dies (killed, crashed): nobody would read
    its answer, and a national Ward would otherwise run on for seconds, holding gigabytes."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(_EXIT_ORPHAN)

    threading.Thread(target=watch, name="wijkkaart-parent-watch", daemon=True).start()
