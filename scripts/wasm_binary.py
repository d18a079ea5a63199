"""The pieces of the WebAssembly binary format that the build's module
rewriters share (scripts/minify_names.py, scripts/stub_jspi_wakers.py,
scripts/stub_panics.py, scripts/drop_dead_data.py): LEB128 numbers, names,
the sections, the import and export sections, function names and bodies. Only the simple encodings a wasm-bindgen module
uses are known; anything else stops the build rather than be copied wrong.
"""
import os
import sys

# Section ids.
CUSTOM, IMPORT, EXPORT, CODE, DATA, DATA_COUNT = 0, 2, 7, 10, 11, 12
# Import descriptions: function, table, memory, global, tag.
FUNC, TABLE, MEMORY, GLOBAL, TAG = range(5)


def fail(message):
    """Stops the build, naming the script that found `message`."""
    raise SystemExit(f"{os.path.basename(sys.argv[0]).removesuffix('.py')}: {message}")


def read_uleb(data, pos):
    """An unsigned LEB128 number at `pos`: (value, position after it)."""
    return _read_leb(data, pos, signed=False)


def read_sleb(data, pos):
    """A signed LEB128 number at `pos`: (value, position after it)."""
    return _read_leb(data, pos, signed=True)


def _read_leb(data, pos, signed):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            if signed and byte & 0x40:
                value -= 1 << shift
            return value, pos


def uleb(value):
    """`value` as an unsigned LEB128 number."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def sleb(value):
    """`value` as a signed LEB128 number."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def read_name(data, pos):
    length, pos = read_uleb(data, pos)
    return data[pos:pos + length].decode("utf-8"), pos + length


def name(text):
    raw = text.encode("utf-8")
    return uleb(len(raw)) + raw


def sections(wasm):
    """[(id, start of the section, start of its body, end)], in order."""
    if wasm[:8] != b"\0asm\x01\0\0\0":
        fail("not a WebAssembly module (version 1)")
    pos, found = 8, []
    while pos < len(wasm):
        size, body = read_uleb(wasm, pos + 1)
        found.append((wasm[pos], pos, body, body + size))
        pos = body + size
    return found


def with_sections(wasm, new):
    """The module with the bodies of the sections `new` names ({id: body})
    replaced, every other section as it was."""
    out = bytearray(wasm[:8])
    for section_id, _, body, end in sections(wasm):
        content = new.get(section_id, wasm[body:end])
        out += bytes([section_id]) + uleb(len(content)) + content
    return bytes(out)


def skip_limits(data, pos):
    """Limits of a table or memory: a flag byte (bit 0: has a maximum; the
    other bits, shared and 64-bit, change nothing here), a minimum, a maximum."""
    flags = data[pos]
    if flags > 0x07:
        fail(f"unknown limits flag {flags:#x} in the import section")
    _, pos = read_uleb(data, pos + 1)
    if flags & 1:
        _, pos = read_uleb(data, pos)
    return pos


def skip_import_desc(data, pos):
    """Where the description of one import (after its two names) ends."""
    kind = data[pos]
    pos += 1
    if kind == FUNC:
        return read_uleb(data, pos)[1]  # a type index
    if kind == TABLE:
        if data[pos] not in (0x70, 0x6F):  # funcref, externref
            fail(f"unknown table type {data[pos]:#x} in the import section")
        return skip_limits(data, pos + 1)
    if kind == MEMORY:
        return skip_limits(data, pos)
    if kind == GLOBAL:
        if data[pos] not in (0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F):
            fail(f"unknown global type {data[pos]:#x} in the import section")
        return pos + 2  # the value type and the mutability byte
    if kind == TAG:
        return read_uleb(data, pos + 1)[1]  # an attribute byte, a type index
    fail(f"unknown import kind {kind:#x}")


def read_imports(wasm, body, end):
    """[(module, name, description bytes)] of the import section."""
    count, pos = read_uleb(wasm, body)
    imports = []
    for _ in range(count):
        module, pos = read_name(wasm, pos)
        field, pos = read_name(wasm, pos)
        desc_end = skip_import_desc(wasm, pos)
        imports.append((module, field, wasm[pos:desc_end]))
        pos = desc_end
    if pos != end:
        fail("the import section has bytes after its last import")
    return imports


def read_exports(wasm, body, end):
    """[(name, description bytes: a kind and an index)] of the export section."""
    count, pos = read_uleb(wasm, body)
    exports = []
    for _ in range(count):
        field, pos = read_name(wasm, pos)
        desc_end = read_uleb(wasm, pos + 1)[1]
        exports.append((field, wasm[pos:desc_end]))
        pos = desc_end
    if pos != end:
        fail("the export section has bytes after its last export")
    return exports


def function_names(wasm):
    """Function index -> name, from the name section's function names; stops
    the build if the module has none."""
    for section_id, _, body, end in sections(wasm):
        if section_id != CUSTOM:
            continue
        section, pos = read_name(wasm, body)
        if section != "name":
            continue
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
    fail("the module has no function names")


def imported_functions(wasm):
    """How many functions the module imports: the first defined function's index."""
    for section_id, _, body, end in sections(wasm):
        if section_id == IMPORT:
            return sum(1 for _, _, desc in read_imports(wasm, body, end) if desc[0] == FUNC)
    return 0


# A function body with no locals that traps: `unreachable`, `end`.
TRAP = bytes([0x00, 0x00, 0x0B])


def with_traps(wasm, functions):
    """The module with the bodies of `functions` (indices in the function
    index space, imports counted) replaced by a trap."""
    first = imported_functions(wasm)
    defined = {index - first for index in functions}
    (body,) = [b for section_id, _, b, _ in sections(wasm) if section_id == CODE]
    count, pos = read_uleb(wasm, body)
    code = bytearray(uleb(count))
    for i in range(count):
        size, start = read_uleb(wasm, pos)
        function = TRAP if i in defined else wasm[start:start + size]
        code += uleb(len(function)) + function
        pos = start + size
    return with_sections(wasm, {CODE: bytes(code)})
