"""The only module of the gazetteer that talks HTTP: file downloads and the geopy geocoder.

Every answer is read within a deadline (a server that sends a byte now and then does not
keep it alive) and up to a size cap, so that no download or answer runs on or fills the
disk or memory.
"""
from __future__ import annotations

import http.client
import io
import logging
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any

from gazetteer.errors import SourceUnavailable
from gazetteer.files import atomic_write, describe_size

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/frontline"


def default_user_agent() -> str:
    """Who frontline says it is to a server: its name and version, and the contact the user
    sets in ``FRONTLINE_CONTACT`` (an e-mail address; Nominatim's usage policy asks for one)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("frontline")
    except PackageNotFoundError:  # run from a checkout
        release = "dev"
    contact = os.environ.get("FRONTLINE_CONTACT", "").strip()
    return f"frontline/{release} (+{PROJECT_URL}{'; ' + contact if contact else ''})"
MAX_DOWNLOAD = 1024**3  # bytes of a downloaded file at most (GeoNames' largest country zip is some 100 MB)
MAX_ANSWER = 1024**2  # bytes of a geocoder answer at most (five places are a few KB)
_CHUNK = 1 << 16


def download(url: str, dest: Path, *, timeout: float = 60.0, max_bytes: int | None = None) -> Path:
    """Fetch ``url`` into ``dest`` atomically; :class:`SourceUnavailable` on any failure,
    and then nothing is left at ``dest``.

    ``timeout`` bounds the whole download, not each read, and ``max_bytes`` its size
    (default :data:`MAX_DOWNLOAD`).
    """
    request = urllib.request.Request(url, headers={"User-Agent": default_user_agent()})
    log.info("downloading %s", url)
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, atomic_write(dest, "wb") as out:
            read_capped(response, out, deadline=deadline, max_bytes=max_bytes or MAX_DOWNLOAD)
    except SourceUnavailable as exc:
        raise SourceUnavailable(f"{url}: {exc}") from None
    except urllib.error.HTTPError as exc:
        raise SourceUnavailable(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
        raise SourceUnavailable(f"{url}: {getattr(exc, 'reason', None) or exc or type(exc).__name__}") from None
    except ValueError as exc:  # not a URL urllib can send (a non-ASCII host or path, ...)
        raise SourceUnavailable(f"{url!r} is not a valid URL ({exc})") from None
    return dest


def read_capped(response: Any, out: IO[bytes], *, deadline: float, max_bytes: int) -> None:
    """Copy an HTTP response into ``out``; :class:`SourceUnavailable` once it passes
    ``max_bytes`` or the ``deadline`` (a :func:`time.monotonic` time).

    ``read1`` returns what has arrived instead of waiting for a whole chunk, so the
    deadline is looked at between reads; each read waits at most the socket's timeout.
    """
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise SourceUnavailable(f"answer of {describe_size(int(declared))}, more than the "
                                f"{describe_size(max_bytes)} allowed")
    size = 0
    while chunk := response.read1(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise SourceUnavailable(f"answer larger than the {describe_size(max_bytes)} allowed")
        if time.monotonic() > deadline:
            raise SourceUnavailable("answer not complete in time (the timeout bounds the whole download)")
        out.write(chunk)


def nominatim(*, domain: str | None = None, scheme: str = "https", timeout: float = 5.0,
              user_agent: str | None = None) -> Any:
    """A geopy Nominatim geocoder; ``domain``/``scheme`` point it elsewhere (tests: 127.0.0.1).
    Its answers are read as :func:`read_capped` reads, at most :data:`MAX_ANSWER` bytes."""
    from geopy.geocoders import Nominatim

    options: dict[str, Any] = {"user_agent": user_agent or default_user_agent(), "timeout": timeout, "scheme": scheme,
                               "adapter_factory": _capped_adapter}
    if domain:
        options["domain"] = domain
    return Nominatim(**options)


def _capped_adapter(*, proxies: Any, ssl_context: Any) -> Any:
    from geopy.adapters import URLLibAdapter
    from geopy.exc import GeocoderServiceError

    class CappedAdapter(URLLibAdapter):
        """geopy's urllib adapter, reading each answer within its timeout and size cap."""

        def get_text(self, url: str, *, timeout: float, headers: dict) -> str:
            self._deadline = time.monotonic() + timeout
            return super().get_text(url, timeout=timeout, headers=headers)

        def _decode_page(self, page: Any) -> str:  # geopy reads every answer body here
            body = io.BytesIO()
            try:
                read_capped(page, body, deadline=self._deadline, max_bytes=MAX_ANSWER)
            except SourceUnavailable as exc:
                raise GeocoderServiceError(str(exc)) from None
            except (OSError, http.client.HTTPException) as exc:
                raise GeocoderServiceError(f"unable to read the answer ({exc})") from None
            try:
                return body.getvalue().decode(page.headers.get_content_charset() or "utf-8")
            except (LookupError, ValueError):
                raise GeocoderServiceError("answer is not text in the charset it names") from None

    return CappedAdapter(proxies=proxies, ssl_context=ssl_context)
