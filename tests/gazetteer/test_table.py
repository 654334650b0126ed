"""The compact stores behind the index: rows come back as the places they were built from."""
import pickle

from tests.gazetteer.tinyplaces import TINY
from gazetteer.model import Place
from gazetteer.table import Groups, PlaceTable


def test_place_table_round_trip_keeps_names_and_raw():
    places = [*TINY, Place(id="x:1", name="Kupiansk-Vuzlovyi", lat=49.7, lon=37.7, country="UA", source="x",
                           names=("Куп’янськ-Вузловий", "Kupyansk-Uzlovoy"), raw={"category": "X", "hromada": None})]
    table = pickle.loads(pickle.dumps(PlaceTable(places)))
    assert list(table) == places and table[-1].raw == {"category": "X", "hromada": None}
    assert table[0].names == ("Куриловка",) and table[2].names == ()
    assert table.admin1[1] == "Dnipropetrovsk" and table.population[3] == 80000


def test_groups_runs_spans_and_labels():
    groups = Groups([("KRS", 5), ("KR", 2), ("KRS", 1), ("NV", 7)])
    assert list(groups.get("KRS")) == [1, 5] and list(groups.get("K")) == []
    positions = Groups([("KR", 0), ("KRL", 1), ("KRS", 2), ("KRS", 3), ("NV", 4)], positions=True)
    assert positions.span("KR") == (0, 4) and positions.run("KR") == (0, 1) and positions.run("X") == (0, 0)
    assert positions.label_of(3) == "KRS" and positions.label_of(4) == "NV"
