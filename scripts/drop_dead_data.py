#!/usr/bin/env python3
"""Drops, from the optimized .wasm, the constant data that nothing in it can
read any more.

The shipped module's panic handler traps without reading its message, so
wasm-opt drops the code that passed panic messages and their source
locations (core's and alloc's file paths, `capacity overflow`, ...). Their
bytes stay behind in the data section, which wasm-opt cannot take apart: to
it, memory is bytes, and an address is a number like any other. This step
does it with what the linker knows: each static the compiler wrote (a
string, a table, a `Location`) is a data segment of its own in the module as
linked (`--no-merge-data-segments`, set in .cargo/config.toml), and wasm-opt
never moves data. So:

    objects LINKED.wasm OBJECTS.json    before wasm-opt: writes each static's
                                        address and length
    drop OBJECTS.json MODULE.wasm       after it: rewrites MODULE.wasm in place

`drop` keeps a static when anything may read it, and drops the rest:

- the roots are every number the code holds (each `i32.const`, both halves of
  each `i64.const`, each load and store `offset=`, globals included);
- a static is reached when a root, or any four bytes of a static already
  reached (at every offset, not only aligned ones), is an address in it or
  one past its end.

That is conservative: a number that only looks like an address keeps what it
points at, and a static is never split. Dropped bytes become zeros, which is
what memory the module does not initialize holds, and the data section is
written again without its runs of zeros. The step stops the build, writing
nothing, on a module it cannot read this way: data that code copies by
segment number (`memory.init`, `data.drop`), a segment that is not active at
a constant address, a module linked with its statics merged, or data that
lies in no static recorded (statics from another module).
"""
import bisect
import json
import re
import subprocess
import sys

from wasm_binary import DATA, DATA_COUNT, fail, read_sleb, read_uleb, sections, sleb, uleb, with_sections

# Fewer segments than this in the linked module means the linker merged the
# statics (one segment per output section: .rodata, .data, .bss).
FEWEST_STATICS = 16
# A run of zeros at least this long ends a segment: a segment's header (flags,
# `i32.const`, its address, `end`, its length) costs about this much.
SPLIT_AT = 8


def read_segments(wasm):
    """[(address, contents)] of the data section's segments, in order."""
    found = [body for section_id, _, body, _ in sections(wasm) if section_id == DATA]
    if not found:
        return []
    count, p = read_uleb(wasm, found[0])
    segments = []
    for _ in range(count):
        flags, p = read_uleb(wasm, p)
        if flags != 0 or wasm[p] != 0x41:  # active in memory 0, at an i32.const
            fail("a data segment that is not active at a constant address")
        address, p = read_sleb(wasm, p + 1)
        if wasm[p] != 0x0B:  # end
            fail("a data segment whose address is not one constant")
        length, p = read_uleb(wasm, p + 1)
        segments.append((address, wasm[p:p + length]))
        p += length
    return segments


def statics(path):
    """[(address, length)] of each static in the linked module at `path`."""
    segments = read_segments(open(path, "rb").read())
    if len(segments) < FEWEST_STATICS:
        fail(f"{len(segments)} data segments: link with --no-merge-data-segments")
    return [(address, len(contents)) for address, contents in segments]


def roots(path):
    """Every number the code (and the globals) can use as an address."""
    text = subprocess.run(["wasm-dis", path], check=True, capture_output=True, text=True).stdout
    if "memory.init" in text or "data.drop" in text:
        fail("the code copies data segments by number")
    code = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("(data "))
    wide = [int(v) & 0xFFFFFFFFFFFFFFFF for v in re.findall(r"i64\.const (-?\d+)", code)]
    found = {int(v) & 0xFFFFFFFF for v in re.findall(r"i32\.const (-?\d+)", code)}
    found |= {int(v) for v in re.findall(r"offset=(\d+)", code)}
    found |= {v & 0xFFFFFFFF for v in wide} | {v >> 32 for v in wide}
    return found


def reached(objects, contents, roots):
    """The indices of `objects` ([(address, length)], sorted, not
    overlapping) that `roots` reach, directly or through the four-byte
    numbers in what they reach (`contents(i)`: the bytes of object i)."""
    starts = [address for address, _ in objects]
    live, todo = set(), list(roots)
    while todo:
        value = todo.pop()
        # The object that holds `value` and the one that ends at it.
        i = bisect.bisect_right(starts, value) - 1
        for j in (i, i - 1):
            if j < 0 or j in live:
                continue
            address, length = objects[j]
            if address <= value <= address + length:
                live.add(j)
                data = contents(j)
                todo.extend(int.from_bytes(data[k:k + 4], "little") for k in range(len(data) - 3))
    return live


def image(segments):
    """{address: byte} of the non-zero bytes the segments write."""
    memory = {}
    for address, contents in segments:
        for k, byte in enumerate(contents):
            if byte:
                memory[address + k] = byte
            else:
                memory.pop(address + k, None)
    return memory


def pack(memory):
    """Data segments that write `memory` ({address: byte}): one per run of
    bytes, a run ending at SPLIT_AT zeros or more."""
    segments, run, last = [], None, None
    for address in sorted(memory):
        if run is not None and address - last - 1 >= SPLIT_AT:
            segments.append(run)
            run = None
        if run is None:
            run = (address, bytearray())
        else:
            run[1].extend(b"\0" * (address - last - 1))
        run[1].append(memory[address])
        last = address
    if run is not None:
        segments.append(run)
    return [(address, bytes(contents)) for address, contents in segments]


def encode(segments):
    """The data section's body for `segments` ([(address, contents)])."""
    out = bytearray(uleb(len(segments)))
    for address, contents in segments:
        out += b"\0\x41" + sleb(address) + b"\x0b" + uleb(len(contents)) + contents
    return bytes(out)


def drop(objects_path, path):
    wasm = open(path, "rb").read()
    memory = image(read_segments(wasm))
    objects = sorted(tuple(o) for o in json.load(open(objects_path)))
    for (a, n), (b, _) in zip(objects, objects[1:]):
        if a + n > b:
            fail(f"statics overlap at {b}")
    stray = sorted(set(memory) - {a + k for a, n in objects for k in range(n)})
    if stray:
        fail(f"{len(stray)} bytes of data in no static, from {stray[0]}: the statics do not fit this module")

    def contents(i):
        address, length = objects[i]
        return bytes(memory.get(address + k, 0) for k in range(length))

    live = reached(objects, contents, roots(path))
    kept = {}
    dropped = 0
    for i, (address, length) in enumerate(objects):
        bytes_here = {a: memory[a] for a in range(address, address + length) if a in memory}
        if i in live:
            kept.update(bytes_here)
        elif bytes_here:
            dropped += length
    segments = pack(kept)
    new = {DATA: encode(segments)}
    if any(section_id == DATA_COUNT for section_id, _, _, _ in sections(wasm)):
        new[DATA_COUNT] = uleb(len(segments))
    open(path, "wb").write(with_sections(wasm, new))
    print(f"drop_dead_data: {len(objects) - len(live)} of {len(objects)} statics ({dropped} B) dropped;"
          f" the data in {len(segments)} segments")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "objects":
        with open(sys.argv[3], "w") as f:
            json.dump(statics(sys.argv[2]), f)
    elif len(sys.argv) == 4 and sys.argv[1] == "drop":
        drop(sys.argv[2], sys.argv[3])
    else:
        fail("usage: drop_dead_data.py objects LINKED.wasm OBJECTS.json | drop OBJECTS.json MODULE.wasm")


if __name__ == "__main__":
    main()
