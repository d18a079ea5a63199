#!/usr/bin/env python3
"""Replaces, in the module wasm-bindgen wrote (before wasm-opt), the bodies
of the functions through which core and alloc panic with a trap, so that
wasm-opt drops the messages and source locations their callers pass: what
nightly Rust's `panic_immediate_abort` does, on the stable toolchain.

The shipped module's panic handler already traps without reading anything
(src/lib.rs). But each panic function first writes its message, its
location and a `PanicInfo` into memory, and wasm-opt keeps writes to memory
before a trap, since JavaScript could read memory afterwards. So every
caller still passes its message and a `Location` (a file path such as
`/rustc/<hash>/library/alloc/src/raw_vec/mod.rs`), and the data keeps them.
With each of these bodies a trap, the arguments are dead, wasm-opt drops
them at every call, and scripts/drop_dead_data.py then drops the data that
nothing reads any more.

Every function stubbed here is one that Rust declares as never returning
(`-> !`): with the panic handler trapping, each of them ends in a trap
whatever it does first, so a trap at once is the same outcome, minus the
writes that nothing reads. A failed check (an index out of bounds, a
`RefCell` borrowed twice) still traps where it happens. The functions are
found by name in the module's name section; the build stops unless
`core::panicking::panic_fmt` is among them, or if any of them returns a
value (a function that returns is not one of these).

    scripts/stub_panics.py MODULE.wasm     rewrites MODULE.wasm in place
"""
import re
import sys

from wasm_binary import (
    fail, function_names, imported_functions, read_uleb, sections, with_traps,
)

# Core's and alloc's never-returning panic paths that a module may link,
# each `-> !` in the Rust source: the panic entry points, the failure
# reports of checks (`expect`, `RefCell`, slices, `Vec::remove`), and
# allocation failure.
CRATE = r"(core|alloc)(\[[0-9a-f]+\])?::"
PANICS = re.compile(
    r"(" + CRATE + r"("
    r"panicking::(panic_const::)?[a-z0-9_]+"
    r"|option::(expect|unwrap)_failed|result::unwrap_failed"
    r"|cell::panic_already_(mutably_)?borrowed"
    r"|slice::index::slice_[a-z_]+_fail|slice::copy_from_slice_impl::len_mismatch_fail"
    r"|str::slice_error_fail(_rt)?"
    r"|raw_vec::(handle_error|capacity_overflow)|alloc::handle_alloc_error"
    # A method's own report, named after its type: <alloc::vec::Vec<_, _>>::remove::assert_failed.
    r")|<" + CRATE + r"vec::Vec<.*>>::(remove|insert|swap_remove)::assert_failed"
    r")(::h[0-9a-f]{16})?"
)
TYPE, FUNCTION = 1, 3
VALUE_TYPES = {0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F}


def results(wasm):
    """Defined function index (imports counted) -> how many values it returns."""
    found = {section_id: body for section_id, _, body, _ in sections(wasm)}
    count, p = read_uleb(wasm, found[TYPE])
    returns = []
    for _ in range(count):
        if wasm[p] != 0x60:
            fail(f"a type that is not a function type ({wasm[p]:#x})")
        params, p = read_uleb(wasm, p + 1)
        values, q = read_uleb(wasm, p + params)
        # One byte each: number types, funcref and externref.
        if any(b not in VALUE_TYPES for b in wasm[p:p + params] + wasm[q:q + values]):
            fail("a function type with a value type of more than one byte")
        p = q + values
        returns.append(values)
    first = imported_functions(wasm)
    count, p = read_uleb(wasm, found[FUNCTION])
    out = {}
    for i in range(count):
        kind, p = read_uleb(wasm, p)
        out[first + i] = returns[kind]
    return out


def main():
    path = sys.argv[1]
    wasm = bytes(open(path, "rb").read())
    names = function_names(wasm)
    returns = results(wasm)
    panics = {i for i, n in names.items() if PANICS.fullmatch(n) and i in returns}
    if not any("::panicking::panic_fmt" in names[i] for i in panics):
        fail("core::panicking::panic_fmt is not in the module by that name")
    returning = sorted(names[i] for i in panics if returns[i])
    if returning:
        fail(f"these return a value, so they are not panic paths: {returning}")
    open(path, "wb").write(with_traps(wasm, panics))
    print(f"stub_panics: {len(panics)} panic functions trap at once")


if __name__ == "__main__":
    main()
