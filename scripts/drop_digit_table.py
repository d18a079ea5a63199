#!/usr/bin/env python3
"""Drops, from the optimized .wasm, the data segment that holds core's
table of digit pairs ("00", "01", ... "99", which integer formatting reads)
when nothing in the module can read it any more.

The crate formats no integer (json::push_u64 writes digits itself), and the
panic messages that would have formatted one are gone with wasm-opt's dead
code (the panic handler traps without formatting them), but the data
segment keeps their table (and the RefCell messages after it): about 120 B
of the .wasm, brotli. The segment is dropped only when it begins with the
table and nothing points into it: no constant in the code (an `i32.const`,
either half of an `i64.const`, a load or store offset) and no aligned word
of the data lies within it, ends included; and only when no instruction
names data segments by number. Memory the module does not initialize reads
as zeros, so a segment that nothing reads can go. Otherwise it stays, and
the build says so.

    scripts/drop_digit_table.py MODULE.wasm     rewrites MODULE.wasm in place
"""
import bisect
import re
import subprocess
import sys

from wasm_binary import DATA, DATA_COUNT, read_sleb, read_uleb, sections, uleb, with_sections

DIGITS = "".join(f"{n:02}" for n in range(100)).encode()


def constants(path):
    """Every number the code can use as an address, from binaryen's text."""
    text = subprocess.run(["wasm-dis", path], check=True, capture_output=True, text=True).stdout
    # Dropping a segment renumbers the ones after it.
    if "memory.init" in text or "data.drop" in text:
        raise SystemExit("drop_digit_table: the code names data segments by number")
    code = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("(data "))
    wide = [int(v) & 0xFFFFFFFFFFFFFFFF for v in re.findall(r"i64\.const (-?\d+)", code)]
    found = {int(v) & 0xFFFFFFFF for v in re.findall(r"i32\.const (-?\d+)", code)}
    found |= {int(v) for v in re.findall(r"offset=(\d+)", code)}
    found |= {v & 0xFFFFFFFF for v in wide} | {v >> 32 for v in wide}
    return sorted(found)


def main():
    path = sys.argv[1]
    wasm = open(path, "rb").read()
    data = [body for section_id, _, body, _ in sections(wasm) if section_id == DATA]
    if not data:
        raise SystemExit("drop_digit_table: the module has no data section")
    count, p = read_uleb(wasm, data[0])
    # (bytes of the whole segment, its address, its contents)
    segments = []
    for _ in range(count):
        first = p
        flags, p = read_uleb(wasm, p)
        if flags != 0 or wasm[p] != 0x41:
            raise SystemExit("drop_digit_table: a data segment that is not active at a constant")
        address, p = read_sleb(wasm, p + 1)
        length, p = read_uleb(wasm, p + 1)
        segments.append((wasm[first : p + length], address, wasm[p : p + length]))
        p += length

    words = sorted(
        int.from_bytes(contents[i : i + 4], "little")
        for _, address, contents in segments
        for i in range(-address % 4, len(contents) - 3, 4)
    )
    numbers = constants(path)

    def reached(lo, hi, values):
        i = bisect.bisect_left(values, lo)
        return i < len(values) and values[i] <= hi

    kept = []
    for whole, address, contents in segments:
        if contents.startswith(DIGITS):
            lo, hi = address, address + len(contents)
            if reached(lo, hi, numbers) or reached(lo, hi, words):
                print("drop_digit_table: kept: something may read it", file=sys.stderr)
                return
            print(f"drop_digit_table: {len(contents)} B dropped at {address}")
            continue
        kept.append(whole)
    if len(kept) == len(segments):
        print("drop_digit_table: no digit table", file=sys.stderr)
        return
    # The data count section (bulk memory), if any, must agree.
    new = {DATA: uleb(len(kept)) + b"".join(kept), DATA_COUNT: uleb(len(kept))}
    open(path, "wb").write(with_sections(wasm, new))


if __name__ == "__main__":
    main()
