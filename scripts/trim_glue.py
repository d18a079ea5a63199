#!/usr/bin/env python3
"""Removes, from wasm-bindgen's glue as the web build bundles it, the code
that the one-tag loader (pkg-config/icta-consent.js) never runs, and writes
the import object's functions as arrow functions: about 250 B of the
bundle, brotli.

Each cut is a fallback for a browser that cannot run this module anyway (it
needs WebAssembly reference types: Chromium 96, Firefox 79, Safari 15, all
of which have `TextEncoder.encodeInto`, `FinalizationRegistry` and
`WebAssembly.instantiateStreaming`), a branch for arguments the loader never
passes (it calls `init` once, with `{module_or_path: fetch(...)}`, and the
module always exports `realloc`), or a variable the bundle never reads.
The glue must hold each piece exactly once, as wasm-bindgen 0.2.130 writes
it: any other glue stops the build, so a new wasm-bindgen is looked at
before its glue is trimmed. pkg/ (npm) keeps the glue whole.

    scripts/trim_glue.py GLUE.js     rewrites GLUE.js in place
"""
import re
import sys

CUTS = [
    # passStringToWasm0 is always given realloc.
    (
        """    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
""",
        "",
    ),
    # Every browser with reference types has TextEncoder.encodeInto.
    (
        """if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}
""",
        "",
    ),
    # ... and FinalizationRegistry.
    (
        """const CLOSURE_DTORS = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(""",
        "const CLOSURE_DTORS = new FinalizationRegistry(",
    ),
    # The loader passes {module_or_path: ...}, never nothing or a bare value,
    (
        """    if (module_or_path !== undefined) {
        if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
            ({module_or_path} = module_or_path)
        } else {
            console.warn('using deprecated parameters for the initialization function; pass a single object instead')
        }
    }

    if (module_or_path === undefined) {
        module_or_path = new URL('icta_consent_bg.wasm', import.meta.url);
    }
""",
        """    ({module_or_path} = module_or_path);
""",
    ),
    # ... and its module_or_path is a fetch() already, never a URL to fetch.
    (
        """    if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {
        module_or_path = fetch(module_or_path);
    }
""",
        "",
    ),
    # ... so __wbg_load always gets a Response,
    (
        """    } else {
        const instance = await WebAssembly.instantiate(module, imports);

        if (instance instanceof WebAssembly.Instance) {
            return { instance, module };
        } else {
            return instance;
        }
    }
""",
        "    }\n",
    ),
    # ... which every browser with reference types can compile as it streams
    # in (the fallback for a server's wrong MIME type stays),
    (
        "        if (typeof WebAssembly.instantiateStreaming === 'function') {\n",
        "        {\n",
    ),
    # ... and nothing in the bundle reads the instance or module kept here.
    ("    wasmInstance = instance;\n", ""),
    ("    wasmModule = module;\n", ""),
    ("let wasmModule, wasmInstance, wasm;", "let wasm;"),
]


def arrows(glue):
    """The import object's functions as arrow functions, which minify
    shorter. Its functions are called by the module, never with `new`, and
    none reads `this`; the ones that catch pass their arguments on with a
    rest parameter instead of `arguments`, and handleError calls its
    function without `this`."""
    start = glue.find("function __wbg_get_imports() {")
    end = glue.find("\n    return {\n", start)
    if start < 0 or end < 0:
        fail("no import object")
    imports = glue[start:end]
    caught = len(re.findall(r": function\(\) \{ return handleError\(function \(", imports))
    imports, n = re.subn(
        r": function\(\) \{ return handleError\(function \(([^)]*)\) \{",
        r": (...args) => handleError((\1) => {",
        imports,
    )
    imports, m = re.subn(r"\}, arguments\); \},\n", "}, args),\n", imports)
    if not caught or n != caught or m != caught:
        fail(f"{caught} catching imports, {n} and {m} rewritten")
    imports, k = re.subn(r"(\n        \w+): function\(([^)]*)\) \{", r"\1: (\2) => {", imports)
    # Their code, without comments and string literals (`typeof x === 'function'`).
    code = re.sub(r"//[^\n]*|'[^'\n]*'|\"[^\"\n]*\"", "", imports.split("{", 1)[1])
    left = re.search(r"\bfunction\b|\bthis\b|\barguments\b", code)
    if left:
        fail(f"an import function left, or one that reads this or arguments: {left[0]}")
    glue = glue[:start] + imports + glue[end:]
    old = "        return f.apply(this, args);\n"
    if glue.count(old) != 1:
        fail("handleError is not f.apply(this, args)")
    return glue.replace(old, "        return f(...args);\n")


def fail(message):
    raise SystemExit(f"trim_glue: {message}")


def main():
    path = sys.argv[1]
    glue = open(path).read()
    for old, new in CUTS:
        count = glue.count(old)
        if count != 1:
            first = old.strip().splitlines()[0]
            fail(f"{path} holds {count} times, not once: {first}")
        glue = glue.replace(old, new)
    glue = arrows(glue)
    open(path, "w").write(glue)


if __name__ == "__main__":
    main()
