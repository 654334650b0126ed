"""The Leaflet copies shipped in the package: complete, at the page's versions, licensed,
listed in README, and what maps.vendor makes of the npm packages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from harness import NODE_MODULES, packages_missing

from maps import build_map, save_map
from maps.offline import ASSETS, VENDORED, packages_folder
from maps.vendor import main, vendor, vendored_files

README = Path(__file__).resolve().parents[2] / "README.md"
needs_packages = pytest.mark.skipif(packages_missing() is not None, reason=str(packages_missing()))


def shipped() -> dict[str, bytes]:
    return {p.relative_to(VENDORED).as_posix(): p.read_bytes() for p in VENDORED.rglob("*") if p.is_file()}


def test_shipped_copies_are_the_versions_the_page_links():
    assert packages_folder(VENDORED) == VENDORED  # raises on a missing package or another version
    files = vendored_files(VENDORED)
    assert sorted(files) == sorted(shipped())
    assert all(f"{a.package}/{a.path}" in files for a in ASSETS)


def test_every_package_ships_its_licence_and_readme_lists_it():
    readme = README.read_text(encoding="utf-8")
    for package in {a.package for a in ASSETS}:
        manifest = json.loads((VENDORED / package / "package.json").read_text(encoding="utf-8"))
        licences = [p for p in (VENDORED / package).iterdir() if p.name.lower().startswith("licen")]
        assert licences and "Copyright" in licences[0].read_text(encoding="utf-8")
        row = re.search(rf"^\|\s*{re.escape(package)}\s*\|\s*{re.escape(manifest['version'])}\s*\|(.*)$",
                        readme, re.M)
        assert row, f"README lists no row for {package} {manifest['version']}"
        assert manifest["license"].split()[0].split("-")[0] in row.group(1)


def test_a_saved_map_carries_leaflet_and_links_nothing(claims, tmp_path):
    path = tmp_path / "map.html"
    save_map(build_map(claims), path)
    html = path.read_text(encoding="utf-8")
    assert not re.findall(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="', html)
    assert "Leaflet 1.9.3" in html and "L.Control.Search" in html and 'url("data:image/png;base64,' in html
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


@needs_packages
def test_vendoring_the_npm_packages_again_gives_the_shipped_files(tmp_path):
    target = tmp_path / "vendor"
    (target / "stale").mkdir(parents=True)
    written = vendor(NODE_MODULES, target)
    got = {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert sorted(got) == written
    assert got == shipped()


def test_the_script_fails_in_one_line_without_the_packages(tmp_path, capsys):
    assert main([str(tmp_path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: no leaflet") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
