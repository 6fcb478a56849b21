#!/usr/bin/env python3
"""Copy the front-end files Tuijin serves from node_modules/ into tuijin/static/vendor/.

Run after `npm ci` (the Makefile's `static` target does both). Standard library only.
Idempotent: a file whose bytes are already in place is left alone.

Fails (exit 1) with a clear message when node_modules/ is missing, when an installed
package's version differs from package-lock.json, or when an expected file is absent.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "tuijin" / "static" / "vendor"

# (npm package, source path inside the package, destination path inside vendor/, required)
FILES: list[tuple[str, str, str, bool]] = [
    ("htmx.org", "dist/htmx.min.js", "htmx/htmx.min.js", True),
    ("htmx.org", "LICENSE", "htmx/LICENSE", False),
    ("echarts", "dist/echarts.min.js", "echarts/echarts.min.js", True),
    ("echarts", "LICENSE", "echarts/LICENSE", False),
    ("bootstrap", "dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css", True),
    # The .min files end in a sourceMappingURL comment; Django's manifest static
    # storage (collectstatic) fails if the referenced map is absent, so copy them too.
    ("bootstrap", "dist/css/bootstrap.min.css.map", "bootstrap/bootstrap.min.css.map", False),
    ("bootstrap", "dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js", True),
    ("bootstrap", "dist/js/bootstrap.bundle.min.js.map", "bootstrap/bootstrap.bundle.min.js.map", False),
    ("bootstrap", "LICENSE", "bootstrap/LICENSE", False),
    (
        "bootstrap-icons",
        "font/bootstrap-icons.min.css",
        "bootstrap-icons/bootstrap-icons.min.css",
        True,
    ),
    ("bootstrap-icons", "LICENSE", "bootstrap-icons/LICENSE", False),
]

# Whole directories: (package, source dir, destination dir). bootstrap-icons.min.css
# refers to url("fonts/bootstrap-icons.woff2?..."), so fonts/ must sit beside it.
DIRS: list[tuple[str, str, str]] = [
    ("bootstrap-icons", "font/fonts", "bootstrap-icons/fonts"),
]


def fail(message: str) -> None:
    print(f"vendor_static.py: ERROR: {message}", file=sys.stderr)
    sys.exit(1)


def locked_versions() -> dict[str, str]:
    lock = ROOT / "package-lock.json"
    if not lock.is_file():
        fail(f"{lock} not found")
    packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
    return {
        key[len("node_modules/") :]: meta.get("version", "")
        for key, meta in packages.items()
        if key.startswith("node_modules/")
    }


def check_package(name: str, locked: dict[str, str]) -> Path:
    pkg_dir = NODE_MODULES / name
    manifest = pkg_dir / "package.json"
    if not manifest.is_file():
        fail(f"npm package '{name}' is not installed ({manifest} missing). Run `npm ci` first.")
    installed = json.loads(manifest.read_text(encoding="utf-8")).get("version", "")
    wanted = locked.get(name)
    if wanted is None:
        fail(f"npm package '{name}' is not in package-lock.json; add it to package.json and run `npm install`.")
    if installed != wanted:
        fail(
            f"node_modules/{name} is version {installed}, package-lock.json wants {wanted}. "
            "Run `npm ci` to reinstall."
        )
    return pkg_dir


def copy_file(src: Path, dest: Path) -> bool:
    """Copy src to dest unless identical. Returns True if something was written."""
    if dest.is_file() and filecmp.cmp(src, dest, shallow=False):
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    shutil.copyfile(src, tmp)
    tmp.replace(dest)
    return True


def main() -> int:
    if not NODE_MODULES.is_dir():
        fail(f"{NODE_MODULES} not found. Run `npm ci` (or `make static`) first.")
    locked = locked_versions()
    checked: dict[str, Path] = {}

    def pkg(name: str) -> Path:
        if name not in checked:
            checked[name] = check_package(name, locked)
        return checked[name]

    # Gather every (src, dest) first so nothing is written if a required file is missing.
    plan: list[tuple[Path, Path]] = []
    missing: list[str] = []
    for name, src_rel, dest_rel, required in FILES:
        src = pkg(name) / src_rel
        if src.is_file():
            plan.append((src, VENDOR / dest_rel))
        elif required:
            missing.append(f"node_modules/{name}/{src_rel}")
    for name, src_rel, dest_rel in DIRS:
        src_dir = pkg(name) / src_rel
        files = sorted(p for p in src_dir.rglob("*") if p.is_file()) if src_dir.is_dir() else []
        if not files:
            missing.append(f"node_modules/{name}/{src_rel}/ (no files)")
        for src in files:
            plan.append((src, VENDOR / dest_rel / src.relative_to(src_dir)))
    if missing:
        fail(
            "expected source file(s) missing:\n  "
            + "\n  ".join(missing)
            + "\nThe package layout may have changed; check package.json versions and run `npm ci`."
        )

    written = sum(copy_file(src, dest) for src, dest in plan)
    rel = VENDOR.relative_to(ROOT)
    if written:
        print(f"vendor_static.py: {written} file(s) updated in {rel}/ ({len(plan)} total)")
    else:
        print(f"vendor_static.py: {rel}/ up to date ({len(plan)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
