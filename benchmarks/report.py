"""What the benchmarks print alike: the machine they ran on, how busy and how fast it was, and
response times as p50/p95/p99 in milliseconds."""

import os
import platform
import statistics
import time
from pathlib import Path


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores, {cpu}, {system}, Python {platform.python_version()}"


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def python_speed() -> float:
    """Seconds for a fixed pure-Python loop (best of three): the same machine type can run two
    or three times slower on another day, and most of a response is Python, so figures from
    different runs compare only alongside this."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(number * number for number in range(5_000_000))
        best = min(best, time.perf_counter() - started)
    return best


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 (all the one value when there is a single one, 0 when there is none)."""
    if len(values) < 2:
        value = values[0] if values else 0.0
        return value, value, value
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def ms(values: list[float]) -> str:
    """p50 p95 p99 in milliseconds, each in a column of 7."""
    return " ".join(f"{value * 1000:7.1f}" for value in percentiles(values))


def database_version() -> str:
    """The version of the database Django is connected to, such as 17.2."""
    from django.db import connection

    return ".".join(map(str, connection.get_database_version()))
