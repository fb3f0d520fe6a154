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


@contextmanager
def collector_for_command():
    """Around a whole command, from before its arguments are read. The collector is off: a
    command that ends when its one pass is done (a build, a validate) never needs it. During
    the imports it would walk some 100,000 new objects again and again (0.04 s of a one-point
    edit), and after the build once more, and all of them live to the end. Call the function
    it yields for any other command. Every command ends by freezing what is left: the process
    ends next, and its last collection would walk the whole loaded year (1 s at 10,000
    points); a caller in the same process gets its collector back as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield gc.enable if enabled else (lambda: None)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def collect_as_usual() -> None:
    """In a worker forked from the driver (which may have paused its collector), once it has
    imported and warmed up: what it holds by then lives as long as it does and is frozen, out of
    every later collection; what its documents make is collected as usual."""
    gc.freeze()
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
