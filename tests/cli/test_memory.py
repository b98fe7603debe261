"""The CLI keeps large blocks in their own mappings (graphkit/cli/_memory.py): watched through glibc."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Frees a 16 MiB block (which raises glibc's mmap threshold unless it is fixed), then allocates
# 8 MiB: prints how many bytes that block added to glibc's mapped blocks (mallinfo2's hblkhd).
_PROBE = """
import ctypes, sys
from graphkit.cli._memory import keep_large_blocks_unmapped
libc = ctypes.CDLL(None)
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
libc.mallinfo2.restype = MallInfo2
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
if sys.argv[1] == "fixed":
    assert keep_large_blocks_unmapped()
libc.free(libc.malloc(16 << 20))
before = libc.mallinfo2().hblkhd
block = libc.malloc(8 << 20)
print(libc.mallinfo2().hblkhd - before)
"""


def _mapped_bytes_of_a_block(mode: str) -> int:
    # Any malloc setting in the environment (Dask's nanny puts MALLOC_TRIM_THRESHOLD_ there) fixes
    # the threshold too: the probe runs without them.
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("MALLOC_") and name != "GLIBC_TUNABLES"}
    done = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True,
                          env=environment)
    return int(done.stdout)


def test_a_freed_large_block_no_longer_moves_the_next_ones_onto_the_heap():
    try:
        import ctypes

        ctypes.CDLL(None).mallinfo2  # noqa: B018
    except (OSError, AttributeError):
        pytest.skip("the C library is not glibc >= 2.33 (no mallinfo2)")
    assert _mapped_bytes_of_a_block("default") == 0  # glibc's rising threshold put it on the heap
    assert _mapped_bytes_of_a_block("fixed") >= 8 << 20
