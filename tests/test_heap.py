"""heap.frozen: during a job the objects alive at its start skip full collections; after the
last job nothing stays frozen, so garbage cycles are freed again."""

import gc
import threading
import weakref

from wijkkaart.heap import frozen


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_frozen_while_jobs_run_and_collected_after_the_last():
    node = Node()
    ref = weakref.ref(node)
    with frozen():
        assert gc.get_freeze_count() > 0
        second = threading.Event()

        def other_job() -> None:
            with frozen():
                second.wait(5)

        thread = threading.Thread(target=other_job)
        thread.start()
        del node
        gc.collect()  # a collection skips the frozen: the cycle stays
        assert ref() is not None
    assert gc.get_freeze_count() > 0  # the other job still runs
    second.set()
    thread.join(5)
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert ref() is None


def test_no_full_collection_of_a_jobs_own_rows_and_threshold_back_after():
    """A job that makes 300,000 tracked rows (as a series read does) sets off no full
    collection; its young cycles are still freed; the old thresholds come back after it."""
    before = gc.get_threshold()
    full: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(count)
    try:
        with frozen():
            node = Node()
            ref = weakref.ref(node)
            del node
            rows = [[str(i), i] for i in range(300_000)]
            assert len(rows) == 300_000
            assert ref() is None  # a young cycle was collected within the job
    finally:
        gc.callbacks.remove(count)
    assert full == []
    assert gc.get_threshold() == before
