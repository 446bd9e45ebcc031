"""`cog.suppress_output`: silence a noisy block (an import, a library's banner) in a model's setup or run."""

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def suppress_output() -> Iterator[None]:
    """Discards what the block writes to stdout and stderr: Python-level writes, and what C code and child processes
    write to file descriptors 1 and 2. Process-wide while it lasts, like the descriptors it redirects."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    saved_streams = sys.stdout, sys.stderr
    saved_fds = [os.dup(1), os.dup(2)]
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            os.dup2(null.fileno(), 2)
            sys.stdout = sys.stderr = null
            try:
                yield
            finally:
                sys.stdout, sys.stderr = saved_streams
    finally:
        for fd, saved in zip((1, 2), saved_fds):
            os.dup2(saved, fd)
            os.close(saved)
