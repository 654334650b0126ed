"""Errors of the claims package; the CLI turns each into one ``Error: ...`` line."""
from __future__ import annotations


class GeoError(Exception):
    """Root of every error raised by :mod:`geo`."""


class InvalidClaim(GeoError, ValueError):
    """Raised when a claim field has a value the model does not accept."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class InputError(GeoError, ValueError):
    """Raised when an input file (claims, article) cannot be read; names file, line and field."""

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        self.field = field
        where = ":".join(_shown(str(p)) for p in (path, line) if p is not None)
        what = f"{_shown(field)}: {reason}" if field else reason
        super().__init__(f"{where}: {what}" if where else what)


def _shown(name: str) -> str:
    """A file or field name as it can stand in a one-line message: quoted when it holds
    a line break or another unprintable character (a field name comes from the file)."""
    return name if name.isprintable() else repr(name)


class StoreError(GeoError, OSError):
    """Raised when the claims database cannot be opened, upgraded or written."""


class InvalidRows(InputError):
    """Raised when an all-or-nothing import meets bad rows; ``errors`` holds each of them."""

    def __init__(self, errors: list[InputError], *, path: str) -> None:
        self.errors = errors
        rows = "row" if len(errors) == 1 else "rows"
        super().__init__(f"{len(errors)} invalid {rows}; nothing imported", path=path)


class OutputError(GeoError, OSError):
    """Raised when an export file cannot be written (missing folder, no permission, disk full)."""


class WorkerError(GeoError, RuntimeError):
    """Raised when the processes or the Dask cluster extracting a batch fail under it (a
    worker killed, a scheduler out of reach); what was stored before stays stored."""


class ReferenceLayerError(GeoError, ValueError):
    """Raised when a reference layer file cannot be read or does not fit its layer (no
    date, no polygon, a date the layer holds from another file), or a layer is unknown;
    ``path`` names the file."""

    def __init__(self, reason: str, *, path: str | None = None) -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


class ClaimNotFound(GeoError, LookupError):
    """Raised when no stored claim has the id asked for."""

    def __init__(self, claim_id: str) -> None:
        self.claim_id = claim_id
        super().__init__(f"no claim with id {claim_id!r}")


class StaleReview(GeoError):
    """Raised when a decision was made on a copy of a claim that has changed since;
    ``current`` holds the claim as it is now stored."""

    def __init__(self, current) -> None:
        self.current = current
        super().__init__(f"claim {current.claim.id} changed since it was loaded "
                         f"(now {current.review.status}, revision {current.review.revision}); "
                         "reload it and decide again")
