"""Local assets: the CDN table matches the page, folders are checked, links rewritten."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from harness import NODE_MODULES, packages_missing

from geo.cli import main
from maps import build_map, save_map
from maps.errors import MapError
from maps.offline import ASSETS, localize, packages_folder

needs_packages = pytest.mark.skipif(packages_missing() is not None, reason=str(packages_missing()))


def linked(html: str) -> list[str]:
    return re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)


def test_every_asset_the_page_links_has_a_local_copy_known(claims):
    # A folium upgrade that changes a URL fails here, not in a user's offline map.
    assert sorted(linked(build_map(claims).get_root().render())) == sorted(a.url for a in ASSETS)


@needs_packages
def test_links_point_into_the_folder_and_css_images_are_copied(claims):
    html, copies = localize(build_map(claims).get_root().render(), NODE_MODULES, inline=False,
                            folder="my map_files")
    assert "my%20map_files/leaflet/dist/leaflet.js" in linked(html)
    assert not [u for u in linked(html) if u.startswith("http")]
    assert copies["my map_files/leaflet-search/images/search-icon.png"].is_file()
    assert copies["my map_files/leaflet.fullscreen/icon-fullscreen.svg"].is_file()


@needs_packages
def test_inlined_page_links_nothing_and_embeds_css_images(claims):
    html, copies = localize(build_map(claims).get_root().render(), NODE_MODULES, inline=True)
    assert linked(html) == [] and copies == {}
    assert "url(images/layers.png)" not in html and 'url("data:image/png;base64,' in html
    assert "Leaflet 1.9.3" in html and "Control.FullScreen" in html


@needs_packages
def test_a_wrong_version_or_missing_package_names_what_to_install(tmp_path):
    for package in ("leaflet", "leaflet-search"):
        shutil.copytree(NODE_MODULES / package, tmp_path / "node_modules" / package)
    manifest = tmp_path / "node_modules" / "leaflet" / "package.json"
    with pytest.raises(MapError, match=r"no leaflet-groupedlayercontrol package .*npm install .*leaflet@1\.9\.3"):
        packages_folder(tmp_path)
    manifest.write_text(json.dumps({"version": "1.9.4"}))
    with pytest.raises(MapError, match=r"version 1\.9\.4; the map needs 1\.9\.3"):
        packages_folder(tmp_path / "node_modules")


def test_inlining_needs_an_assets_folder(claims, tmp_path):
    with pytest.raises(MapError, match="needs a folder"):
        save_map(build_map(claims), tmp_path / "map.html", inline_assets=True)
    assert list(tmp_path.iterdir()) == []


@needs_packages
def test_map_command_assets_options(tmp_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(main, ["map", "--example", "-o", str(out), "--assets", str(NODE_MODULES.parent)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "map_files" / "leaflet" / "dist" / "leaflet.css").is_file()
    result = CliRunner().invoke(main, ["map", "--example", "-o", str(out), "--assets", str(NODE_MODULES),
                                       "--inline-assets"])
    assert result.exit_code == 0 and not linked(out.read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["map", "--example", "-o", str(out), "--inline-assets"])
    assert result.exit_code == 2 and "--inline-assets needs --assets" in result.output
    result = CliRunner().invoke(main, ["map", "--example", "-o", str(out), "--assets", str(tmp_path)])
    assert result.exit_code == 1 and "Error: no " in result.output and "npm install" in result.output


def fake_packages(folder: Path, css: str = "a { background: url(images/layers.png) }") -> Path:
    """npm packages of the right versions holding stand-ins for every asset file."""
    for asset in ASSETS:
        package = folder / asset.package
        package.mkdir(parents=True, exist_ok=True)
        (package / "package.json").write_text(json.dumps({"version": asset.version}))
        (package / asset.path).parent.mkdir(parents=True, exist_ok=True)
        (package / asset.path).write_text(css if asset.path == "dist/leaflet.css" else "/* stand-in */")
    (folder / "leaflet" / "dist" / "images").mkdir(exist_ok=True)
    (folder / "leaflet" / "dist" / "images" / "layers.png").write_bytes(b"\x89PNG")
    return folder


@pytest.mark.parametrize("inline", [False, True])
def test_a_stylesheet_cannot_have_files_copied_or_read_outside(claims, tmp_path, inline):
    # Issue 15, item 5: url(../../../../victim.txt) in an asset stylesheet made the map
    # writer overwrite a file outside the output folder with one from outside the package.
    (tmp_path / "victim.txt").write_text("from outside")
    site = tmp_path / "site"
    site.mkdir()
    (site / "victim.txt").write_text("precious")
    for ref in ("../../../../victim.txt", site / "victim.txt", "images/../../../../../victim.txt"):
        packages = fake_packages(tmp_path / "pkgs" / "node_modules", f"a {{ background: url({ref}) }}")
        with pytest.raises(MapError, match=r"points outside the leaflet package; not copied"):
            save_map(build_map(claims), site / "deep" / "map.html", assets=packages, inline_assets=inline)
    assert (site / "victim.txt").read_text() == "precious"
    assert not (site / "deep").exists()


def test_a_missing_asset_file_is_one_error(claims, tmp_path):
    # Issue 15, item 7: an image the stylesheet names, missing, was a FileNotFoundError.
    packages = fake_packages(tmp_path / "node_modules")
    (packages / "leaflet" / "dist" / "images" / "layers.png").unlink()
    result = CliRunner().invoke(main, ["map", "--example", "-o", str(tmp_path / "m.html"),
                                       "--assets", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "layers.png is missing (run: npm install " in result.stderr
    assert not (tmp_path / "m.html").exists()


def test_stand_in_packages_are_copied_beside_the_map(claims, tmp_path):
    packages = fake_packages(tmp_path / "node_modules")
    save_map(build_map(claims), tmp_path / "out" / "map.html", assets=packages)
    assert (tmp_path / "out" / "map_files" / "leaflet" / "dist" / "images" / "layers.png").read_bytes() == b"\x89PNG"
