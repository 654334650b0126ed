"""Request parameters and bodies of the JSON API, read into the library's types.

Every problem is an :class:`geo.errors.InputError` naming the parameter, which the app
answers with 400 and ``{"error": ...}``.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.errors import InputError, InvalidClaim
from geo.model import ClaimFilter
from geo.review import CORRECTABLE, Decision, parse_statuses

FILTERS = ("since", "until", "side", "kind", "place", "source", "unresolved", "status")
PAGING = ("order", "limit", "offset")
ORDERS = ("date", "confidence", "newest")
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
_BODY = ("status", "note", "by", "revision", "place", "place_id", *CORRECTABLE)


def claim_filter(params: Mapping[str, str], *, paging: bool) -> tuple[ClaimFilter, tuple[str, ...]]:
    """The filter and statuses of a query string (the ``claims list`` filters plus status)."""
    allowed = FILTERS + (PAGING if paging else ())
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise InputError(f"unknown parameter; use {', '.join(allowed)}", field=unknown[0])
    unresolved = params.get("unresolved", "false").lower()
    if unresolved not in ("true", "false", "1", "0"):
        raise InputError("must be true or false", field="unresolved")
    try:
        flt = ClaimFilter.of(**{name: params.get(name) or None for name in ("since", "until", "side", "kind", "place", "source")},
                             unresolved=unresolved in ("true", "1"))
    except InvalidClaim as exc:
        raise InputError(exc.reason, field=exc.field) from None
    return flt, parse_statuses(params.get("status"))


def paging(params: Mapping[str, str]) -> tuple[str, int, int]:
    """(order, limit, offset) of a listing; limit at most :data:`MAX_LIMIT`."""
    order = params.get("order", "date")
    if order not in ORDERS:
        raise InputError(f"must be one of {', '.join(ORDERS)}", field="order")
    limit = _integer(params, "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"must be between 1 and {MAX_LIMIT}", field="limit")
    return order, limit, _integer(params, "offset", 0)


def decision(body: Any, *, default_by: str) -> tuple[Decision, str | None, str | None]:
    """The decision of a review request's body, and the place name or id it corrects to."""
    if not isinstance(body, dict):
        raise InputError("the body must be a JSON object")
    unknown = sorted(set(body) - set(_BODY))
    if unknown:
        raise InputError(f"unknown field; use {', '.join(_BODY)}", field=unknown[0])
    revision = body.get("revision")
    if revision is not None and (not isinstance(revision, int) or isinstance(revision, bool)):
        raise InputError("must be an integer", field="revision")
    for name in ("note", "by", "place", "place_id"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise InputError("must be text", field=name)
    changes = {name: body[name] for name in CORRECTABLE if body.get(name) is not None}
    made = Decision(body.get("status"), body.get("by") or default_by, note=body.get("note"),
                    changes=changes, revision=revision)
    return made, body.get("place") or None, body.get("place_id") or None


def _integer(params: Mapping[str, str], name: str, default: int) -> int:
    value = params.get(name)
    if value is None:
        return default
    if not value.isdigit():
        raise InputError("must be a whole number", field=name)
    return int(value)
