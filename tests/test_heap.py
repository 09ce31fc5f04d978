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
