"""Timing helpers of the benchmarks: p50/p95 of repeated calls, alone or alternating with a baseline."""

from __future__ import annotations

import statistics
import time


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(function, repeat: int, *, setup=None) -> tuple[float, float]:
    function()  # warm-up
    samples = []
    for _ in range(repeat):
        if setup:
            setup()  # not timed
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def measure_against(function, baseline, repeat: int, *, setup=None) -> tuple[float, float, float]:
    """p50 and p95 of ``function`` and p95 of ``baseline``, run alternately (both see the same load);
    ``setup`` (not timed) runs before each call of ``function``."""
    function(), baseline()  # warm-up
    ours, theirs = [], []
    for _ in range(repeat):
        for call, samples in ((function, ours), (baseline, theirs)):
            if setup and call is function:
                setup()
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(ours), percentile(ours, 0.95), percentile(theirs, 0.95)


def row(label: str, p50: float, p95: float, note: str = "") -> None:
    print(f"  {label:<52} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   {note}")
