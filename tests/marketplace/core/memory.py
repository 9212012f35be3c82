"""How much a piece of code grows this process's resident memory, measured by the kernel.

Pillow decodes into memory it allocates in C, which tracemalloc does not see; the kernel's
peak resident set size (VmHWM) does. Writing 5 to /proc/self/clear_refs resets that peak to
the present size, so the peak after the call minus the size before is what the call took."""

from pathlib import Path

MB = 1024 * 1024


def _status_kb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise LookupError(key)


def peak_growth(call) -> tuple[object, int]:
    """Run call(); return (its result or the exception it raised, peak growth in bytes)."""
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_kb("VmRSS")
    try:
        outcome = call()
    except Exception as exc:  # noqa: BLE001 - the caller asserts on what happened
        outcome = exc
    return outcome, (_status_kb("VmHWM") - before) * 1024
