"""Write a built map to disk, atomically, with Leaflet and its plugins in the page."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import folium

from gazetteer.files import atomic_write
from maps.elements import fill_packed, packed_later
from maps.errors import MapError, MapWriteError
from maps.offline import VENDORED, localize, packages_folder, read_bytes


def save_map(m: folium.Map, path: str | os.PathLike[str], *,
             assets: str | os.PathLike[str] | None = None, inline_assets: bool = False,
             protected: Iterable[str | os.PathLike[str]] = ()) -> int:
    """Render ``m`` once and write it to ``path`` through a temporary file, so that a
    failure leaves any earlier map in place. Returns the number of bytes of the page.

    By default Leaflet and its plugins are put into the page from the copies shipped in
    the package (:data:`maps.offline.VENDORED`): the one file opens with no network.

    Parameters
    ----------
    assets : instead, a folder holding the npm packages of Leaflet and its plugins (see
        :mod:`maps.offline`): the page then uses copies of their files, put in
        ``<name>_files/`` next to it.
    inline_assets : put the files of ``assets`` into the page itself. Needs ``assets``.
    protected : files that neither the page nor a copied asset may replace (the claims
        database, see :func:`geo.store.database_files`).
    """
    path = Path(path)
    pieces, copies = _page(m, assets=assets, inline_assets=inline_assets, folder=path.stem + "_files")
    protected = tuple(protected)
    for target, source in copies.items():
        _write(path.parent / target, [read_bytes(source)], protected)
    return _write(path, (piece.encode("utf-8") for piece in pieces), protected)


def render_page(m: folium.Map) -> str:
    """The map rendered once as one page that carries Leaflet and its plugins (the copies
    shipped in the package), as :func:`save_map` writes it by default."""
    return "".join(_page(m)[0])


def _page(m: folium.Map, *, assets: str | os.PathLike[str] | None = None, inline_assets: bool = False,
          folder: str = "") -> tuple[list[str], dict[str, Path]]:
    """The page in pieces, and the asset files to copy beside it. The packed data is left
    out while the page is rendered and localized, so that those steps do not copy it."""
    if inline_assets and assets is None:
        raise MapError("inlining Leaflet needs a folder with its files (assets)")
    figure = m.get_root()
    with packed_later(figure) as payloads:
        html = figure.render()
    if assets is None:
        html, copies = localize(html, VENDORED, inline=True)[0], {}
    else:
        html, copies = localize(html, packages_folder(assets), inline=inline_assets, folder=folder)
    return fill_packed(html, payloads), copies


def _write(path: Path, chunks: Iterable[bytes], protected: tuple) -> int:
    """One file of the map, through a temporary file; returns its size."""
    size = 0
    with _naming(path), atomic_write(path, "wb", protected=protected) as fh:
        for chunk in chunks:
            size += fh.write(chunk)
    return size


@contextmanager
def _naming(path: Path) -> Iterator[None]:
    """An OSError inside becomes a MapWriteError naming ``path``."""
    try:
        yield
    except OSError as exc:
        raise MapWriteError(path, exc.strerror or str(exc)) from exc
