"""The cyclic garbage collector, paused while the driver validates and builds.

The driver holds a loaded year (10,000 points are some two million objects) and the
manifest's records, and allocates without pause while it checks and plans: the collector
then walks that whole heap again and again, and was a third of a one-point edit's time at
10,000 points (2.5 s of 8.3 s). The driver's work makes almost no reference cycles, and what
little it makes is freed when the command ends or, in --watch, when the collector runs again
between builds. Workers, which lay out thousands of documents, collect as usual."""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect_as_usual() -> None:
    """In a worker forked from the driver, which inherits its paused collector."""
    gc.enable()


@contextmanager
def collector_running():
    """Around a document laid out in the driver itself (-j 1): layout makes cycles."""
    paused = not gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if paused:
            gc.disable()
