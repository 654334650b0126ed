"""atomic_write / atomic_path: all or nothing, no temporary file left, sane permissions."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from gazetteer.files import TargetExists, atomic_path, atomic_write, check_output, open_regular


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


@pytest.mark.parametrize("make, kind", [
    (os.mkfifo, "a FIFO"),  # open() of a FIFO with no writer would block
    (lambda p: os.symlink("/dev/null", p), "a character device"),
    (os.mkdir, "a directory"),
])
def test_open_regular_refuses_what_is_no_regular_file_without_blocking(tmp_path, make, kind):
    path = tmp_path / "in"
    make(path)
    with pytest.raises(OSError) as info:
        open_regular(path)
    assert info.value.errno == errno.EINVAL and info.value.strerror == f"is {kind}, not a regular file"


def test_open_regular_caps_the_bytes_read_and_rewinds(tmp_path):
    path = tmp_path / "in"
    path.write_bytes(b"x" * 3000)
    with open_regular(path, limit=3000) as fh:
        assert len(fh.read()) == 3000
        fh.seek(0)
        assert fh.read(10) == b"x" * 10
    with open_regular(path, limit=2999) as fh, pytest.raises(OSError) as info:
        fh.read()
    assert info.value.errno == errno.EFBIG and info.value.strerror == "file too large (over 2.93 KiB)"


def test_atomic_path_without_replace_never_takes_a_name_made_meanwhile(tmp_path):
    target = tmp_path / "c.db"
    with atomic_path(target, replace=False) as tmp:
        tmp.write_bytes(b"first")
    assert target.read_bytes() == b"first"
    with pytest.raises(TargetExists), atomic_path(target, replace=False) as tmp:
        tmp.write_bytes(b"second")
    assert target.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["c.db"]


def test_what_no_output_may_be(tmp_path):
    # Issue 15, items 2 and 4: a directory, socket or protected file is refused, also
    # through a link; a FIFO or character device is written into, never replaced.
    import socket

    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        for path, reason in ((tmp_path, "is a directory"), (sock_path, "is a socket")):
            with pytest.raises(OSError, match=reason), atomic_write(path):
                pass
    db = tmp_path / "c.db"
    db.write_bytes(b"claims")
    os.link(db, tmp_path / "same.db")
    for name in ("c.db", "same.db"):
        with pytest.raises(OSError, match="is an input of this command"), \
                atomic_path(tmp_path / name, protected=[db]):
            pass
    assert db.read_bytes() == b"claims"
    assert check_output(os.devnull) == (Path(os.devnull), True)
    (tmp_path / "link").symlink_to("target.txt")
    assert check_output(tmp_path / "link") == (tmp_path / "target.txt", False)
