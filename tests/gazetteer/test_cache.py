"""The built index is cached, honours FRONTLINE_CACHE_DIR, and is rebuilt when stale or corrupt."""
from tests.gazetteer.tinyplaces import TINY, ListSource
from gazetteer import Gazetteer, cache


def test_cache_dirs_honour_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "d"))
    assert cache.cache_dir() == tmp_path / "c" and cache.data_dir() == tmp_path / "d"
    g = Gazetteer.load([ListSource(TINY)])
    assert g.cache_path.parent == tmp_path / "c" and g.cache_path.exists()


def test_warm_load_reads_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    Gazetteer.load([ListSource(TINY)])
    monkeypatch.setattr("gazetteer.gazetteer.build_index", lambda sources: (_ for _ in ()).throw(AssertionError))
    assert Gazetteer.load([ListSource(TINY)]).lookup("Kupiansk")[0].id == "t:3"


def test_changed_source_rebuilds(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    Gazetteer.load([ListSource(TINY)])
    changed = ListSource(TINY[:1], version="2")
    assert Gazetteer.load([changed]).lookup("Kupiansk") == []


def test_corrupt_cache_is_rebuilt(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    path = Gazetteer.load([ListSource(TINY)]).cache_path
    for garbage in (b"", b"\x80\x04not a pickle", path.read_bytes()[:50]):
        path.write_bytes(garbage)
        assert Gazetteer.load([ListSource(TINY)]).lookup("Kupiansk")[0].id == "t:3"
    assert "unreadable" in caplog.text


def test_foreign_pickle_is_stale(tmp_path, monkeypatch):
    import pickle

    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    path = Gazetteer.load([ListSource(TINY)]).cache_path
    path.write_bytes(pickle.dumps(("other", {"not": "an index"})))
    assert Gazetteer.load([ListSource(TINY)]).lookup("Bakhmut")[0].id == "t:4"


def test_a_build_shows_its_progress_on_stderr(tmp_path, monkeypatch, capsys):
    import time

    class Slow(ListSource):
        def places(self):
            time.sleep(0.6)  # longer than the bar's delay, so that it shows
            return super().places()

    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    Gazetteer.load([Slow(TINY)], progress=True)
    assert "building the gazetteer index" in capsys.readouterr().err
    Gazetteer.load([Slow(TINY)], progress=True)  # from the cache: nothing to show
    assert capsys.readouterr().err == ""
