"""atomic_write / atomic_path: all or nothing, no temporary file left, sane permissions."""
from __future__ import annotations

import os

import pytest

from gazetteer.files import atomic_path, atomic_write


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_writes_the_file(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    with atomic_write(target) as fh:
        fh.write("Куп’янськ\n")
    assert target.read_text(encoding="utf-8") == "Куп’янськ\n"
    assert os.listdir(target.parent) == ["out.txt"]


def test_failure_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_new_file_gets_umask_permissions_not_private_ones(tmp_path, umask_022):
    target = tmp_path / "map.html"
    with atomic_write(target) as fh:
        fh.write("x")
    assert target.stat().st_mode & 0o777 == 0o644


def test_replaced_file_keeps_its_permissions(tmp_path, umask_022):
    target = tmp_path / "claims.csv"
    target.write_text("old")
    target.chmod(0o640)
    with atomic_write(target) as fh:
        fh.write("new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_atomic_path_renames_only_on_success(tmp_path, umask_022):
    target = tmp_path / "claims.gpkg"
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"data")
        assert not target.exists()
    assert target.read_bytes() == b"data"
    assert target.stat().st_mode & 0o777 == 0o644
    with pytest.raises(ValueError), atomic_path(target) as tmp:
        tmp.write_bytes(b"broken")
        raise ValueError("library failed")
    assert target.read_bytes() == b"data"
    assert os.listdir(tmp_path) == ["claims.gpkg"]
