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

from wasm_binary import EXPORT, fail, function_names, read_exports, sections, with_traps

WAKERS = re.compile(
    r"js_sys(\[[0-9a-f]+\])?::futures::jspi::task_waker::raw_(clone|wake|wake_by_ref|drop)(::h[0-9a-f]{16})?"
)


def main():
    path = sys.argv[1]
    wasm = bytes(open(path, "rb").read())
    names = function_names(wasm)
    (export,) = [(body, end) for section_id, _, body, end in sections(wasm) if section_id == EXPORT]
    if any(field == "__wbg_jspi_task_poll" for field, _ in read_exports(wasm, *export)):
        fail("the module exports __wbg_jspi_task_poll: it can run JSPI tasks")
    wakers = {i for i, n in names.items() if WAKERS.fullmatch(n)}
    if len(wakers) != 4:
        fail(f"{len(wakers)} JSPI waker functions, not 4")
    open(path, "wb").write(with_traps(wasm, wakers))


if __name__ == "__main__":
    main()
