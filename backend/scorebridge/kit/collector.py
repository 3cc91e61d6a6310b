"""The garbage collector: kept off what a started process holds, and quieter during bulk work.

A started API or worker holds about 250,000 container objects that live as long as it does
(modules, routes, pydantic schemas, SQLAlchemy mappers). Python's full collection walks every
one of them, about 160 ms each time on the development machine, and a busy process runs one
every few requests: in the results-list bench the API spent 33 s of 140 in 204 of them, each
stalling every request in flight. :func:`freeze_startup` (``scorebridge serve`` and
``scorebridge worker``, once the app is built) collects once and moves everything left into
the permanent generation, which later collections skip; objects are still freed when their
last reference goes, as always. (Not in tests: they build hundreds of apps in one process.)

Python starts a collection every 700 new container objects and now and then walks every
object the process holds. An import keeps a dictionary of what it has written (hundreds of
thousands of tuples and ids), so those walks grow with it: they took a third of an import's
time. Inside :func:`fewer_collections` the first generation is collected every 20,000 objects
instead; the thresholds are put back when the last such block ends (blocks may overlap, as
imports run as concurrent tasks).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BULK_THRESHOLD = 20_000

_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    global _depth, _saved
    if _depth == 0:
        _saved = gc.get_threshold()
        gc.set_threshold(max(BULK_THRESHOLD, _saved[0]), _saved[1], _saved[2])
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _saved is not None:
            gc.set_threshold(*_saved)
            _saved = None


def freeze_startup() -> None:
    """Keep what the process built while starting out of every later collection."""
    gc.collect()
    gc.freeze()
