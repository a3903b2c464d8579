"""Benchmarks: `make bench` runs each section in turn on data grown to a realistic size.

A section is a module of this package with a `run()` function; BENCH_SECTIONS (comma-
separated module names) picks some. Each prints a table and asserts nothing.
"""

import os
import sys
from importlib import import_module

SECTIONS = ["pages", "pdf"]


def main():
    chosen = [name.strip() for name in os.environ.get("BENCH_SECTIONS", ",".join(SECTIONS)).split(",") if name.strip()]
    status = 0
    for name in chosen:
        print(f"== {name} ==", flush=True)
        status = import_module(f"benchmarks.{name}").run() or status
        print()
    return status


if __name__ == "__main__":
    sys.exit(main())
