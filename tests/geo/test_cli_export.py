import hashlib
import json
import os
import stat

import pytest
from click.testing import CliRunner

from geo.cli import main
from geo.examples import example_claims
from geo.export import write_csv


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_example_geojson(tmp_path):
    out = tmp_path / "ex.geojson"
    result = run("export", "geojson", "--example", "-o", out)
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {len(example_claims())} claims to {out}\n"
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == len(example_claims())


def test_example_filters_and_as_of(tmp_path):
    out = tmp_path / "ua.geojson"
    run("export", "geojson", "--example", "--side", "UA", "-o", out)
    props = [f["properties"] for f in json.loads(out.read_text())["features"]]
    assert props and {p["claimant_side"] for p in props} == {"UA"}
    run("export", "geojson", "--example", "--as-of", "2022-12-31", "-o", out)
    props = [f["properties"] for f in json.loads(out.read_text())["features"]]
    # only the 2022 period claims exist then; one per place and claimant side
    assert [(p["place"], p["claimant_side"], p["claim_until"]) for p in props] == [
        ("Kupiansk", "other", "2022-09-30")]


def test_db_export_csv_and_gpkg(tmp_path, make_claim):
    gpd = pytest.importorskip("geopandas")
    source = tmp_path / "in.csv"
    write_csv([make_claim(), make_claim(as_written="Petrovsk")], source)
    db = tmp_path / "c.db"
    assert run("claims", "import", source, "--db", db).exit_code == 0
    assert run("export", "gpkg", "-o", tmp_path / "c.gpkg", "--db", db).exit_code == 0
    frame = gpd.read_file(tmp_path / "c.gpkg", layer="claims")
    assert sorted(frame["as_written"]) == ["Kupiansk", "Petrovsk"]
    assert run("export", "csv", "-o", tmp_path / "c.csv", "--db", db, "--place", "petrovsk").exit_code == 0
    assert (tmp_path / "c.csv").read_text().count("\n") == 2


def test_export_errors_are_one_line_and_leave_files(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("export", "csv", "--example", "-o", blocker / "x.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {blocker / 'x.csv'}: cannot write: ")
    assert len(result.stderr.splitlines()) == 1
    bad_db = tmp_path / "bad.db"
    bad_db.write_text("not sqlite" * 50)
    before = hashlib.sha256(bad_db.read_bytes()).hexdigest()
    result = run("export", "geojson", "-o", tmp_path / "o.geojson", "--db", bad_db)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {bad_db}: not a frontline claims database "
                             "(file is not a database)\n")
    assert hashlib.sha256(bad_db.read_bytes()).hexdigest() == before
    assert not (tmp_path / "o.geojson").exists()
    assert run("export", "kml", "--example").exit_code == 2
    assert run("export", "csv", "--example", "--since", "2025-02-30").exit_code == 2


@pytest.mark.parametrize("args", [["claims", "--help"], ["export", "--help"],
                                  ["claims", "add", "--help"], ["claims", "import", "--help"],
                                  ["claims", "list", "--help"], ["claims", "resolve", "--help"],
                                  ["claims", "conflicts", "--help"]])
def test_help_mentions_db(args):
    result = run(*args)
    assert result.exit_code == 0
    if args[-2] != "claims" or args[0] == "export":
        assert "--db" in result.output


@pytest.mark.parametrize("output", ["c.db", "hard.db", "soft.db", "c.db-wal"])
def test_export_never_replaces_the_database(tmp_path, make_claim, output):
    # Issue 15, item 2: "export csv -o s.db --db s.db" replaced the claims database.
    db = tmp_path / "c.db"
    write_csv([make_claim()], tmp_path / "in.csv")
    assert run("claims", "import", tmp_path / "in.csv", "--db", db).exit_code == 0
    os.link(db, tmp_path / "hard.db")
    (tmp_path / "soft.db").symlink_to(db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for fmt in ("csv", "geojson", "gpkg"):
        result = run("export", fmt, "-o", tmp_path / output, "--db", db)
        assert result.exit_code == 1
        assert result.stderr == (f"Error: {tmp_path / output}: cannot write: is an input of this command; "
                                 "choose another output\n")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_export_writes_into_a_fifo_and_through_a_symlink(tmp_path):
    # Issue 15, item 4: a FIFO (or a link to a device) was replaced by a regular file.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so that writing does not wait
    try:
        result = run("export", "csv", "--example", "-o", fifo)
        assert result.exit_code == 0, result.output
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
        assert os.read(reader, 1 << 16).decode("utf-8").startswith("id,place_id,")
    finally:
        os.close(reader)
    unread = run("export", "csv", "--example", "-o", fifo)  # nobody reads: an error, not a wait
    assert unread.exit_code == 1 and unread.stderr == f"Error: {fifo}: cannot write: is a FIFO that nothing reads\n"
    link = tmp_path / "null.gpkg"
    link.symlink_to(os.devnull)
    assert run("export", "gpkg", "--example", "-o", link).exit_code == 0
    assert link.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)
    target = tmp_path / "real.geojson"
    (tmp_path / "link.geojson").symlink_to(target.name)
    assert run("export", "geojson", "--example", "-o", tmp_path / "link.geojson").exit_code == 0
    assert (tmp_path / "link.geojson").is_symlink() and target.read_text(encoding="utf-8").startswith('{"type"')


def _small_disk() -> None:
    """In the child: files may not grow past 4 KB, as on a full disk (EFBIG for ENOSPC)."""
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4000, 4000))


def test_a_full_disk_is_one_error_line_for_every_format(tmp_path, frontline_process):
    # Issue 15, item 7: GDAL's error on a full disk was a pyogrio FeatureError traceback.
    for fmt in ("gpkg", "csv", "geojson"):
        out = tmp_path / f"claims.{fmt}"
        result = frontline_process("export", fmt, "--example", "-o", out, preexec_fn=_small_disk)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith(f"Error: {out}: cannot write: ") and result.stderr.count("\n") == 1
        assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["export", "csv"], ["export", "geojson"], ["export", "gpkg"], ["map"]])
def test_an_output_in_a_missing_folder_is_refused_not_made(tmp_path, command):
    """`map -o /no/such/dir/m.html` made the folders silently (issue 14, item 6)."""
    from click.testing import CliRunner

    from geo.cli import main

    target = tmp_path / "no" / "such" / "out.file"
    result = CliRunner().invoke(main, [*command, "--example", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and f"no such folder: {target.parent}" in result.stderr
    assert not (tmp_path / "no").exists()
