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

from wasm_binary import CODE, CUSTOM, EXPORT, FUNC, IMPORT
from wasm_binary import read_exports, read_imports, read_name, read_uleb, sections, uleb, with_sections

WAKERS = re.compile(
    r"js_sys(\[[0-9a-f]+\])?::futures::jspi::task_waker::raw_(clone|wake|wake_by_ref|drop)(::h[0-9a-f]{16})?"
)
# A body with no locals that traps: `unreachable`, `end`.
TRAP = bytes([0x00, 0x00, 0x0B])


def fail(message):
    raise SystemExit(f"stub_jspi_wakers: {message}")


def imported_functions(wasm, body, end):
    return sum(1 for _, _, desc in read_imports(wasm, body, end) if desc[0] == FUNC)


def function_names(wasm, body, end):
    """Function index -> name, from the name section (subsection 1)."""
    section, pos = read_name(wasm, body)
    if section != "name":
        return None
    while pos < end:
        kind = wasm[pos]
        size, pos = read_uleb(wasm, pos + 1)
        if kind == 1:
            count, p = read_uleb(wasm, pos)
            names = {}
            for _ in range(count):
                index, p = read_uleb(wasm, p)
                names[index], p = read_name(wasm, p)
            return names
        pos += size
    return None


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
    if any(field == "__wbg_jspi_task_poll" for field, _ in read_exports(wasm, *by_id[EXPORT][1:])):
        fail("the module exports __wbg_jspi_task_poll: it can run JSPI tasks")
    first = imported_functions(wasm, *by_id[IMPORT][1:])
    wakers = {i - first for i, n in names.items() if WAKERS.fullmatch(n)}
    if len(wakers) != 4:
        fail(f"{len(wakers)} JSPI waker functions, not 4")

    _, body, _ = by_id[CODE]
    count, pos = read_uleb(wasm, body)
    code = bytearray(uleb(count))
    for i in range(count):
        size, start = read_uleb(wasm, pos)
        function = TRAP if i in wakers else wasm[start : start + size]
        code += uleb(len(function)) + function
        pos = start + size
    open(path, "wb").write(with_sections(wasm, {CODE: bytes(code)}))


if __name__ == "__main__":
    main()
