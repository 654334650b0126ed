"""Leaflet and its plugins from local files, so that a saved map opens with no network.

The page links Leaflet and three plugins from CDNs (:data:`ASSETS`). Copies of those files,
taken from their npm packages at exactly these versions with the packages' licences, ship
in ``maps/assets/vendor`` (:data:`VENDORED`, written by :mod:`maps.vendor`). Given that
folder, or any folder holding the npm packages (a ``node_modules`` folder, or the folder
above it), :func:`localize` points the page at copies of the files, or inlines them,
images in their CSS included.
"""
from __future__ import annotations

import base64
import json
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from maps.errors import MapError


@dataclass(frozen=True)
class Asset:
    """A file the page links from a CDN, and where its npm package holds it."""

    url: str
    package: str
    version: str
    path: str

    @property
    def is_css(self) -> bool:
        return self.path.endswith(".css")


ASSETS = (
    Asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", "leaflet", "1.9.3", "dist/leaflet.js"),
    Asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css", "leaflet", "1.9.3", "dist/leaflet.css"),
    Asset("https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.js",
          "leaflet-search", "2.9.7", "dist/leaflet-search.min.js"),
    Asset("https://cdn.jsdelivr.net/npm/leaflet-search@2.9.7/dist/leaflet-search.min.css",
          "leaflet-search", "2.9.7", "dist/leaflet-search.min.css"),
    # jsDelivr minifies on the fly; the package itself has only the plain file.
    Asset("https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",
          "leaflet.fullscreen", "3.0.0", "Control.FullScreen.js"),
    Asset("https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css",
          "leaflet.fullscreen", "3.0.0", "Control.FullScreen.css"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.js",
          "leaflet-groupedlayercontrol", "0.6.1", "dist/leaflet.groupedlayercontrol.min.js"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.css",
          "leaflet-groupedlayercontrol", "0.6.1", "dist/leaflet.groupedlayercontrol.min.css"),
)

# The copies shipped in the package, laid out like node_modules (see maps.vendor).
VENDORED = Path(str(resources.files("maps") / "assets" / "vendor"))
NPM_INSTALL = "npm install " + " ".join(sorted({f"{a.package}@{a.version}" for a in ASSETS}))
# url(...) in CSS; quotes optional. Fragments (#default#VML), data: and http(s): URLs stay.
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_LINKED = re.compile(r"""<(?:script[^>]*\ssrc|link[^>]*\shref)="(https?:[^"]+)\"""")
mimetypes.add_type("image/svg+xml", ".svg")


def packages_folder(folder: str | Path) -> Path:
    """The folder holding the npm packages: ``folder`` or its ``node_modules``.

    Raises :class:`MapError` naming what to install when a package is missing or is
    another version than the page was written for.
    """
    folder = Path(folder)
    if (folder / "node_modules").is_dir():
        folder = folder / "node_modules"
    for package, version in sorted({(a.package, a.version) for a in ASSETS}):
        manifest = folder / package / "package.json"
        try:
            found = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            raise MapError(f"no {package} package in {folder} (run: {NPM_INSTALL})") from None
        if found != version:
            raise MapError(f"{folder / package} is version {found}; the map needs {version} (run: {NPM_INSTALL})")
    return folder


def localize(html: str, packages: Path, *, inline: bool, folder: str = "") -> tuple[str, dict[str, Path]]:
    """``html`` with every CDN asset replaced by a local copy.

    With ``inline``, scripts and styles are put into the page (CSS images as ``data:``
    URLs) and nothing needs copying. Otherwise links point into ``folder`` (relative to
    the page) and the second value maps each file to copy, relative to the page, to its
    source. Raises :class:`MapError` when the page links something with no local copy.
    """
    copies: dict[str, Path] = {}
    for asset in ASSETS:
        root = (packages / asset.package).resolve()
        source = packages / asset.package / asset.path
        if not source.is_file():
            raise MapError(f"{source} is missing (run: {NPM_INSTALL})")
        tag = (f'<link rel="stylesheet" href="{asset.url}"/>' if asset.is_css
               else f'<script src="{asset.url}"></script>')
        if tag not in html:
            continue
        if inline:
            html = html.replace(tag, _inlined(asset, source, root))
            continue
        copies.update((posixpath.join(folder, target), path)
                      for target, path in asset_files(asset, packages).items())
        html = html.replace(tag, tag.replace(asset.url, quote(posixpath.join(folder, asset.package, asset.path))))
    remote = _LINKED.findall(html)
    if remote:
        raise MapError(f"no local copy known for {', '.join(remote)}")
    return html, copies


def asset_files(asset: Asset, packages: Path) -> dict[str, Path]:
    """The files one asset needs, by path relative to ``packages``: the file itself and,
    for CSS, the images it refers to (each inside the asset's package, see :func:`_local_files`)."""
    source = packages / asset.package / asset.path
    files = {posixpath.join(asset.package, asset.path): source}
    if asset.is_css:
        root = (packages / asset.package).resolve()
        for image in _local_files(source, root).values():
            files[posixpath.join(asset.package, image.relative_to(root).as_posix())] = image
    return files


def _local_files(css: Path, root: Path) -> dict[str, Path]:
    """The files the stylesheet ``css`` refers to (``url(...)``, not data: or http:), by
    reference. Each must be a file inside the package folder ``root``: a hostile
    ``url(../../../x)`` would otherwise have a copy written, or a file read, outside."""
    files = {}
    for _, ref in _CSS_URL.findall(_read_text(css)):
        if re.match(r"(#|data:|[a-z]+://)", ref):
            continue
        image = (css.parent / ref).resolve()
        if not image.is_relative_to(root):
            raise MapError(f"{css}: url({ref}) points outside the {root.name} package; not copied")
        if not image.is_file():
            raise MapError(f"{image} is missing (run: {NPM_INSTALL})")
        files[ref] = image
    return files


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MapError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _inlined(asset: Asset, source: Path, root: Path) -> str:
    code = _read_text(source)
    if "</" + ("style" if asset.is_css else "script") in code.lower():
        raise MapError(f"{source} cannot be inlined: it closes its own tag")
    if not asset.is_css:
        return f"<script>{code}</script>"
    local = _local_files(source, root)

    def data_url(match: re.Match[str]) -> str:
        image = local.get(match.group(2))
        if image is None:
            return match.group(0)
        kind = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        return f'url("data:{kind};base64,{base64.b64encode(read_bytes(image)).decode("ascii")}")'

    return f"<style>{_CSS_URL.sub(data_url, code)}</style>"


def read_bytes(path: Path) -> bytes:
    """An asset file's bytes; :class:`MapError` when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise MapError(f"cannot read {path}: {exc.strerror or exc}") from None
