#!/usr/bin/env python3
"""Replaces, in the module wasm-bindgen wrote (before wasm-opt), the bodies
of the four waker functions of js-sys's JSPI tasks with a trap, so that
wasm-opt drops what they call: 126 B of the .wasm, brotli.

js-sys 0.3.107 always links its JSPI task runner (`js_sys::futures::jspi`):
it exports `__wbg_jspi_task_poll`, which wasm-bindgen deletes in a module
with no JSPI export, stubbing the spawn intrinsics too. But the runner's
`Waker` vtable (`task_waker::raw_clone`, `raw_wake`, `raw_wake_by_ref`,
`raw_drop`) stays in the function table, and with it everything a wake can
reach. Here no JSPI task can ever exist (nothing is exported to poll one,
and this crate spawns no future), so no such waker is ever called.

The functions are found by name in the module's name section; the build
stops unless there are exactly those four and the poll export is gone.

    scripts/stub_jspi_wakers.py MODULE.wasm     rewrites MODULE.wasm in place
"""
import re
import sys

WAKERS = re.compile(
    r"js_sys(\[[0-9a-f]+\])?::futures::jspi::task_waker::raw_(clone|wake|wake_by_ref|drop)(::h[0-9a-f]{16})?"
)
IMPORT, EXPORT, CODE, CUSTOM = 2, 7, 10, 0
# A body with no locals that traps: `unreachable`, `end`.
TRAP = bytes([0x00, 0x00, 0x0B])


def fail(message):
    raise SystemExit(f"stub_jspi_wakers: {message}")


def uleb(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def encode(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def name(data, pos):
    length, pos = uleb(data, pos)
    return data[pos : pos + length].decode(), pos + length


def sections(wasm):
    """(id, start, start of its body, end) of each section."""
    pos, found = 8, []
    while pos < len(wasm):
        size, body = uleb(wasm, pos + 1)
        found.append((wasm[pos], pos, body, body + size))
        pos = body + size
    return found


def imported_functions(wasm, body):
    count, pos = uleb(wasm, body)
    functions = 0
    for _ in range(count):
        _, pos = name(wasm, pos)
        _, pos = name(wasm, pos)
        kind = wasm[pos]
        pos += 1
        if kind == 0:  # a function: its type index
            functions += 1
            _, pos = uleb(wasm, pos)
        elif kind == 1:  # a table: reference type, limits
            pos += 1
            flags, pos = uleb(wasm, pos + 0)
            _, pos = uleb(wasm, pos)
            if flags & 1:
                _, pos = uleb(wasm, pos)
        elif kind == 2:  # a memory: limits
            flags, pos = uleb(wasm, pos)
            _, pos = uleb(wasm, pos)
            if flags & 1:
                _, pos = uleb(wasm, pos)
        elif kind == 3:  # a global: value type, mutability
            pos += 2
        else:
            fail(f"an import of kind {kind}")
    return functions


def function_names(wasm, body, end):
    """Function index -> name, from the name section (subsection 1)."""
    section, pos = name(wasm, body)
    if section != "name":
        return None
    while pos < end:
        kind = wasm[pos]
        size, pos = uleb(wasm, pos + 1)
        if kind == 1:
            count, p = uleb(wasm, pos)
            names = {}
            for _ in range(count):
                index, p = uleb(wasm, p)
                names[index], p = name(wasm, p)
            return names
        pos += size
    return None


def exports(wasm, body):
    count, pos = uleb(wasm, body)
    found = []
    for _ in range(count):
        export, pos = name(wasm, pos)
        _, pos = uleb(wasm, pos + 1)
        found.append(export)
    return found


def main():
    path = sys.argv[1]
    wasm = bytes(open(path, "rb").read())
    by_id = {}
    names = None
    for section, start, body, end in sections(wasm):
        by_id.setdefault(section, (start, body, end))
        if section == CUSTOM and names is None:
            names = function_names(wasm, body, end)
    if names is None:
        fail("the module has no function names")
    if "__wbg_jspi_task_poll" in exports(wasm, by_id[EXPORT][1]):
        fail("the module exports __wbg_jspi_task_poll: it can run JSPI tasks")
    first = imported_functions(wasm, by_id[IMPORT][1])
    wakers = {i - first for i, n in names.items() if WAKERS.fullmatch(n)}
    if len(wakers) != 4:
        fail(f"{len(wakers)} JSPI waker functions, not 4")

    header, body, end = by_id[CODE]
    count, pos = uleb(wasm, body)
    code = bytearray(encode(count))
    for i in range(count):
        size, start = uleb(wasm, pos)
        function = TRAP if i in wakers else wasm[start : start + size]
        code += encode(len(function)) + function
        pos = start + size
    out = wasm[:header] + bytes([CODE]) + encode(len(code)) + bytes(code) + wasm[end:]
    open(path, "wb").write(out)


if __name__ == "__main__":
    main()
