"""Help for jobs that make many objects at once (generating the demo region, taking in a sync)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector.

    A bulk job makes hundreds of thousands of objects that form no cycles (reference counting
    frees them), and the collector would walk all of them again and again as they pile up.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
