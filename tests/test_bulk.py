"""Bulk work: version-7 ids that sort in the order they were made; the garbage collector."""

from __future__ import annotations

import gc
import itertools
import time
import weakref

from scorebridge.kit.collector import BULK_THRESHOLD, fewer_collections, freeze_startup
from scorebridge.kit.db import new_ids


def test_bulk_ids_are_unique_time_ordered_version_7() -> None:
    made = list(itertools.islice(new_ids(), 10_000))  # more than one run of 4,096
    assert len(set(made)) == len(made)
    assert all(i.version == 7 and i.variant == "specified in RFC 4122" for i in made)
    now_ms = time.time_ns() // 1_000_000
    assert all(abs((i.int >> 80) - now_ms) < 60_000 for i in made)
    run = made[:4096]
    assert run == sorted(run)  # within a run they count up
    time.sleep(0.002)
    assert made[-1] < next(new_ids())  # a later run, a later millisecond


def test_fewer_collections_inside_bulk_work_and_restored_after_the_last_block() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(BULK_THRESHOLD, before[0])
        with fewer_collections():  # overlapping imports
            pass
        assert gc.get_threshold()[0] == max(BULK_THRESHOLD, before[0])
    assert gc.get_threshold() == before


class _Node:
    me: object


def test_what_startup_built_is_left_out_of_later_collections() -> None:
    built = _Node()
    built.me = built  # a cycle: only the collector frees it
    seen_built = weakref.ref(built)
    try:
        freeze_startup()
        assert gc.get_freeze_count() > 0
        del built
        later = _Node()
        later.me = later
        seen_later = weakref.ref(later)
        del later
        gc.collect()
        assert seen_built() is not None  # frozen: later collections do not walk it
        assert seen_later() is None  # made after the freeze: collected as always
    finally:
        gc.unfreeze()
        gc.collect()
