"""The only module of the gazetteer that talks HTTP: file downloads and the geopy geocoder."""
from __future__ import annotations

import logging
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from gazetteer.errors import SourceUnavailable
from gazetteer.files import atomic_write

log = logging.getLogger(__name__)

USER_AGENT = "frontline-gazetteer (+https://github.com/frontline)"
_CHUNK = 1 << 16


def download(url: str, dest: Path, *, timeout: float = 60.0) -> Path:
    """Fetch ``url`` into ``dest`` atomically; :class:`SourceUnavailable` on any failure."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    log.info("downloading %s", url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, atomic_write(dest, "wb") as out:
            shutil.copyfileobj(response, out, _CHUNK)
    except urllib.error.HTTPError as exc:
        raise SourceUnavailable(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SourceUnavailable(f"{url}: {getattr(exc, 'reason', exc)}") from None
    return dest


def nominatim(*, domain: str | None = None, scheme: str = "https", timeout: float = 5.0,
              user_agent: str = USER_AGENT) -> Any:
    """A geopy Nominatim geocoder; ``domain``/``scheme`` point it elsewhere (tests: 127.0.0.1)."""
    from geopy.geocoders import Nominatim

    options: dict[str, Any] = {"user_agent": user_agent, "timeout": timeout, "scheme": scheme}
    if domain:
        options["domain"] = domain
    return Nominatim(**options)
