#!/usr/bin/env python3
"""Checks the shipped files against the size budget in pkg-config/budget.json.

Sizes are deterministic (the same sources give the same bytes), so the budget
is a test; timings are not, so they live in ./scripts/bench.

    scripts/budget.py      (after ./scripts/build)
"""
import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WEB = os.path.join(ROOT, "www", "icta-consent")


def brotli(path):
    return len(subprocess.run(["brotli", "-q", "11", "-c", path], check=True, capture_output=True).stdout)


def main():
    budget = json.load(open(os.path.join(ROOT, "pkg-config", "budget.json")))["brotli"]
    # Every file the build ships is checked: one without a budget fails.
    sizes = {name: brotli(os.path.join(WEB, name)) for name in sorted(os.listdir(WEB))}
    sizes["total"] = sum(sizes.values())
    passed = failed = 0
    for name, size in sizes.items():
        limit = budget.get(name)
        ok = limit is not None and size <= limit
        passed, failed = passed + ok, failed + (not ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name:<22} {size:>7} B brotli (budget {limit})")
    print(f"budget: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
