"""The Starlette application of ``frontline serve``: pages, the JSON API and its errors.

Each worker thread keeps its own connection to the database; a decision is one
transaction (:meth:`geo.store.Store.review`), so two reviewers cannot lose each other's
work, and a decision on a claim that changed since it was loaded gets 409.
"""
from __future__ import annotations

import contextlib
import getpass
import html
import json
import logging
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from geo.errors import ClaimNotFound, GeoError, InputError, InvalidClaim, StaleReview
from geo.export import to_feature
from geo.ledger import review_claim
from geo.serve import api
from geo.serve.highlight import highlights
from geo.serve.security import Guard
from geo.store import Store

log = logging.getLogger(__name__)
ASSETS = Path(str(resources.files("geo.serve") / "assets"))
VENDOR = Path(str(resources.files("maps") / "assets" / "vendor"))
# The review page runs only its own script: injected markup could not run even if it got in.
REVIEW_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
              "connect-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'")
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


class Stores:
    """One store per worker thread, opened on first use, all closed at shutdown."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self.db, mode="rw")
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


class LiveMap:
    """The map page of the database, rebuilt only when the database changed."""

    def __init__(self, db: Path) -> None:
        self._store = Store.open(db, mode="rw")
        self._lock = threading.Lock()
        self._key: Any = None
        self._page = ""

    def page(self) -> str:
        from maps import build_map, render_page
        from maps.errors import MapError

        with self._lock:
            key = self._store.data_version()
            if key != self._key:
                try:
                    self._page = render_page(build_map(self._store.query()))
                except MapError as exc:
                    self._page = _message_page("frontline: live map", f"Nothing to draw yet: {exc}.")
                self._key = key
            return self._page

    def close(self) -> None:
        self._store.close()


def create_app(db: str | Path, *, lookup: Callable[..., Sequence[Any]] | None = None,
               token: str | None = None, require_token: bool = False, loopback: bool = True,
               reviewer: str | None = None) -> Starlette:
    """The app serving the database ``db`` (created if missing).

    Parameters
    ----------
    lookup : the gazetteer's lookup, for the candidates of a place; None offers none.
    token : the page token (default: a new random one); ``require_token`` makes every
        request present it (needed off loopback).
    loopback : answer only requests addressed to a loopback name (no DNS rebinding).
    reviewer : who a decision is recorded as when the request names no one.
    """
    Store.open(db).close()  # create or upgrade once, before the workers open it
    stores, live = Stores(db), LiveMap(db)
    token = token or secrets.token_urlsafe(24)
    default_by = reviewer or getpass.getuser()
    review_page = (ASSETS / "review.html").read_text(encoding="utf-8").replace(
        "{{token}}", html.escape(token, quote=True))

    def listing(request: Request) -> JSONResponse:
        flt, statuses = api.claim_filter(request.query_params, paging=True)
        order, limit, offset = api.paging(request.query_params)
        store = stores.get()
        found = store.reviewed(flt, statuses=statuses, order=order, limit=limit, offset=offset)
        return JSONResponse({"claims": [r.to_dict() for r in found], "total": store.count(flt, statuses=statuses),
                             "limit": limit, "offset": offset})

    def geojson(request: Request) -> StreamingResponse:
        flt, statuses = api.claim_filter(request.query_params, paging=False)
        claims = stores.get().query(flt, statuses=statuses)
        return StreamingResponse(_feature_collection(claims), media_type="application/geo+json")

    def one(request: Request) -> JSONResponse:
        return JSONResponse(stores.get().get(request.path_params["claim_id"]).to_dict())

    def context(request: Request) -> JSONResponse:
        store = stores.get()
        item = store.get(request.path_params["claim_id"])
        claim = item.claim
        candidates = lookup(claim.as_written, region=claim.region) if lookup else []
        return JSONResponse({
            "highlights": highlights(claim),
            "article": [r.to_dict() for r in store.article(claim) if r.claim.id != claim.id],
            "candidates": [_candidate(c) for c in candidates],
        })

    async def review(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            raise InputError("the body is not JSON") from None
        made, place, place_id = api.decision(body, default_by=default_by)
        claim_id = request.path_params["claim_id"]
        result = await run_in_threadpool(lambda: review_claim(
            stores.get(), claim_id, made, lookup=lookup, place=place, place_id=place_id))
        return JSONResponse(result.to_dict())

    def review_html(request: Request) -> HTMLResponse:
        return _with_cookie(HTMLResponse(review_page, headers={"Content-Security-Policy": REVIEW_CSP}),
                            request, token)

    def map_html(request: Request) -> HTMLResponse:
        return _with_cookie(HTMLResponse(live.page()), request, token)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        stores.close()
        live.close()

    middleware = [Middleware(Guard, token=token, require_token=require_token)]
    if loopback:
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS))
    app = Starlette(
        routes=[
            Route("/", map_html),
            Route("/review", review_html),
            Route("/api/claims", listing),
            Route("/api/claims.geojson", geojson),
            Route("/api/claims/{claim_id}", one),
            Route("/api/claims/{claim_id}/context", context),
            Route("/api/claims/{claim_id}/review", review, methods=["POST"]),
            Mount("/static", StaticFiles(directory=ASSETS)),
            Mount("/vendor", StaticFiles(directory=VENDOR)),
        ],
        middleware=middleware,
        exception_handlers={InputError: _error(400), InvalidClaim: _error(400),
                            ClaimNotFound: _error(404), StaleReview: _stale,
                            GeoError: _error(500), HTTPException: _http_error, Exception: _error(500)},
        lifespan=lifespan,
    )
    app.state.token = token
    app.state.db = db
    return app


def _error(status: int):
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        if status == 500 and not isinstance(exc, GeoError):
            log.exception("unexpected error on %s", request.url.path, exc_info=exc)
            return JSONResponse({"error": "internal error; see the server's log"}, status_code=500)
        return JSONResponse({"error": " ".join(str(exc).split())}, status_code=status)
    return handle


async def _stale(request: Request, exc: StaleReview) -> JSONResponse:
    return JSONResponse({"error": " ".join(str(exc).split()), "claim": exc.current.to_dict()}, status_code=409)


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


def _feature_collection(claims) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    for number, claim in enumerate(claims):
        yield ("\n" if number == 0 else ",\n") + json.dumps(to_feature(claim), ensure_ascii=False)
    yield "\n]}\n"


def _candidate(candidate: Any) -> dict[str, Any]:
    names = ("id", "name", "admin1", "country", "lat", "lon", "score", "precision", "ambiguous")
    return {name: getattr(candidate, name, None) for name in names}


def _with_cookie(response: Response, request: Request, token: str) -> Response:
    """A page opened with ?token= remembers it, so that its own requests present it."""
    if request.query_params.get("token") == token:
        response.set_cookie("frontline_token", token, httponly=True, samesite="strict")
    return response


def _message_page(title: str, text: str) -> str:
    return (f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<p>{html.escape(text)}</p>")
