"""Copy Leaflet and its plugins from their npm packages into the package (a build step).

    (cd tests/maps/browser && npm ci --ignore-scripts)
    python -m maps.vendor tests/maps/browser/node_modules

Writes ``maps/assets/vendor/<package>/...``: the files the page links (:data:`maps.offline.ASSETS`)
and the images their CSS uses, each package's ``package.json`` (so the copies are checked
for their version like any npm folder) and its licence file. Rerunning it on the same
packages gives the same files; anything else in the folder is removed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from maps.errors import MapError
from maps.offline import ASSETS, VENDORED, asset_files, packages_folder


def vendored_files(packages: Path) -> dict[str, Path]:
    """Every file to ship, by path relative to the vendor folder, and its source."""
    files: dict[str, Path] = {}
    for asset in ASSETS:
        files.update(asset_files(asset, packages))
    for package in sorted({a.package for a in ASSETS}):
        files[f"{package}/package.json"] = packages / package / "package.json"
        licences = sorted(p for p in (packages / package).iterdir()
                          if p.is_file() and p.name.lower().startswith(("license", "licence")))
        if not licences:
            raise MapError(f"{packages / package} has no licence file")
        files.update((f"{package}/{p.name}", p) for p in licences)
    return files


def vendor(packages: str | Path, target: Path = VENDORED) -> list[str]:
    """Replace ``target`` with copies of the files from the npm folder ``packages``;
    returns their relative paths, sorted. The copies are made in a new folder beside it,
    which then takes its place: a failure leaves the old copies as they were."""
    files = vendored_files(packages_folder(packages))
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for relative, source in files.items():
            (fresh / relative).parent.mkdir(parents=True, exist_ok=True)
            (fresh / relative).write_bytes(source.read_bytes())
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)  # left by a run that died here
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return sorted(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maps.vendor", description=__doc__.split("\n\n")[0])
    parser.add_argument("packages", type=Path, help="node_modules folder (or the folder holding it)")
    parser.add_argument("-o", "--output", type=Path, default=VENDORED, help="vendor folder to write")
    args = parser.parse_args(argv)
    try:
        written = vendor(args.packages, args.output)
    except (MapError, OSError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    size = sum((args.output / name).stat().st_size for name in written)
    print(f"Wrote {len(written)} files ({size / 1024:.0f} KB) to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
