#!/usr/bin/env python3
"""Include-direction check: every layer includes only itself and the layers below it.

  util -> aws -> services -> engine -> cli   (a layer may include the ones to its left)
  emulator/ includes nothing from src/ (one bug must not hide in client and emulator both)

CMake cannot enforce this: every layer exports the whole src/ include root, so a header-only
upward include would compile. Test code may also include the shared test helpers (support/).
Usage: check_layers.py [ROOT]; exit 1 with one line per violation.
"""
import os
import re
import sys

LAYERS = ["util", "aws", "services", "engine", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
SOURCES = (".h", ".hpp", ".cpp", ".cc")


def files_under(root, sub):
    base = os.path.join(root, sub)
    for d, _, names in os.walk(base):
        for n in sorted(names):
            if n.endswith(SOURCES):
                yield os.path.join(d, n)


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return INCLUDE.findall(f.read())


def violations(root):
    out = []
    for i, layer in enumerate(LAYERS):
        allowed = set(LAYERS[: i + 1])
        for path in files_under(root, os.path.join("src", layer)):
            rel = os.path.relpath(path, root)
            is_test = "_test" in os.path.basename(rel) or f"{os.sep}testing{os.sep}" in rel
            for inc in includes(path):
                top = inc.split("/", 1)[0]
                if top in LAYERS and top not in allowed:
                    out.append(f"{rel}: includes {inc}: layer '{layer}' may not include '{top}'")
                elif top == "support" and not is_test:
                    out.append(f"{rel}: includes {inc}: test helpers only in tests")
    for path in files_under(root, "emulator"):
        rel = os.path.relpath(path, root)
        for inc in includes(path):
            top = inc.split("/", 1)[0]
            if top in LAYERS or inc.startswith("src/"):
                out.append(f"{rel}: includes {inc}: the emulator shares no code with the client")
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    found = violations(os.path.abspath(root))
    for v in found:
        print(v, file=sys.stderr)
    if found:
        print(f"check_layers: {len(found)} include(s) against the layer order", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
