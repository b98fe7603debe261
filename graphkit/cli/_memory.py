"""Give freed memory back to the system as the command goes (glibc only; elsewhere nothing changes).

glibc serves a request above ``M_MMAP_THRESHOLD`` (128 KiB) with its own mapping, unmapped when
freed, but raises that threshold up to 32 MiB each time such a block is freed. After the first large
arrays come and go, a command's arrays of up to 32 MiB then come from the heap, and their pages stay
with the process after they are freed: 35-40 MiB more at the peak of ``graphkit seeds`` on a
million users. Fixing the threshold keeps every large array in its own mapping.

Examples
--------
>>> import platform
>>> keep_large_blocks_unmapped() == (platform.libc_ver()[0] == "glibc")  # set where glibc runs
True
"""

from __future__ import annotations

import ctypes

__all__ = ["keep_large_blocks_unmapped"]

_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
_THRESHOLD = 128 * 1024  # glibc's starting value; setting it turns its rise off


def keep_large_blocks_unmapped() -> bool:
    """Fix glibc's mmap threshold at 128 KiB; True if set, False where the C library is not glibc."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, _THRESHOLD))
