"""A throwaway PostgreSQL cluster on 127.0.0.1 for the tests, CI and the benchmarks.

    python tests/pgcluster.py start DIR   # prints the server's URL; DIR holds data and log
    python tests/pgcluster.py stop DIR

initdb into DIR, pg_ctl start on a free port, trust authentication for the local user
``frontline``, fsync off (the data is thrown away). PostgreSQL refuses to run as root, so
as root the cluster belongs to the ``postgres`` user (Debian's packages make it), else
``nobody``.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path

USER = "frontline"


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else the newest of Debian's."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def missing() -> str | None:
    """Why no cluster can be started here (None when one can)."""
    bindir = binaries()
    if bindir is None:
        return "PostgreSQL is not installed (no initdb); install postgresql and postgis, or set FRONTLINE_TEST_PG"
    share = subprocess.run([bindir / "pg_config", "--sharedir"], capture_output=True, text=True)
    sharedir = share.stdout.strip() if share.returncode == 0 else ""
    if not sharedir or not Path(sharedir, "extension", "postgis.control").exists():
        return f"PostGIS is not installed for the PostgreSQL of {bindir}; install postgis, or set FRONTLINE_TEST_PG"
    return None


def start(folder: str | os.PathLike[str]) -> str:
    """Start a cluster in ``folder`` (made if missing); return its URL (no database name)."""
    reason = missing()
    if reason:
        raise RuntimeError(reason)
    bindir, folder = binaries(), Path(folder).absolute()
    folder.mkdir(parents=True, exist_ok=True)
    owner = _owner()
    if owner is not None:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    _run(owner, [bindir / "initdb", "-D", folder / "data", "-A", "trust", "-U", USER, "--no-sync",
                 "-E", "UTF8", "--locale=C.UTF-8"])
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    _run(owner, [bindir / "pg_ctl", "-D", folder / "data", "-l", folder / "log", "-o", options, "-w", "start"])
    (folder / "port").write_text(str(port))
    return f"postgresql://{USER}@127.0.0.1:{port}"


def stop(folder: str | os.PathLike[str]) -> None:
    """Stop the cluster of ``folder`` at once (its data is thrown away)."""
    folder = Path(folder).absolute()
    _run(_owner(), [binaries() / "pg_ctl", "-D", folder / "data", "-m", "immediate", "stop"])


def _owner() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and neither a postgres nor a nobody user to run PostgreSQL as")


def _run(owner: pwd.struct_passwd | None, command: list) -> None:
    user = {} if owner is None else {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True, cwd="/", **user)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(str(command[0])).name} failed: {done.stderr.strip() or done.stdout.strip()}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    action, where = sys.argv[1:3]
    if action == "start":
        print(start(where))
    else:
        stop(where)
