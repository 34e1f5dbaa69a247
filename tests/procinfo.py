"""What the tests need to know about their own process (Linux /proc)."""

from __future__ import annotations


def current_address_space() -> int:
    """This process's virtual size in bytes: a forked worker starts with the same."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize in /proc/self/status")
