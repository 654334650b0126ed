"""Write a built map to disk, atomically."""
from __future__ import annotations

import os

import folium

from gazetteer.files import atomic_write
from maps.errors import MapWriteError


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> int:
    """Render ``m`` once and write it to ``path`` through a temporary file, so that a
    failure leaves any earlier map in place. Returns the number of bytes written."""
    html = m.get_root().render().encode("utf-8")
    try:
        with atomic_write(path, "wb") as fh:
            fh.write(html)
    except OSError as exc:
        raise MapWriteError(path, exc.strerror or str(exc)) from exc
    return len(html)
