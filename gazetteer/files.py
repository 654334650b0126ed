"""Safe file access shared by every package: atomic writing, and reading that refuses
what is not a regular file and stops at a size cap."""
from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO

# What a file that is not a regular one is, for error messages.
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def special_kind(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is ("a FIFO", "a directory", ...) if it exists and is no regular file."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    return None if stat.S_ISREG(mode) else _kind(mode)


def open_regular(path: str | os.PathLike[str], *, limit: int | None = None) -> BinaryIO:
    """Open ``path`` for reading in binary, refusing anything but a regular file.

    A FIFO with no writer would block and a device may never end, so they are refused
    with an :class:`OSError` (``EINVAL``) saying what the file is; the check is made on
    the opened file, so a path swapped meanwhile is no way round it. Reading more than
    ``limit`` bytes raises an :class:`OSError` (``EFBIG``): the cap counts bytes read,
    not what ``stat`` says, which a growing or virtual file does not tell.
    """
    # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"is {_kind(mode)}, not a regular file", os.fspath(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        raw: io.RawIOBase = io.FileIO(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(_Capped(raw, limit) if limit is not None else raw)


class _Capped(io.RawIOBase):
    """A raw file that raises ``EFBIG`` once more than ``limit`` bytes were read from it."""

    def __init__(self, raw: io.RawIOBase, limit: int) -> None:
        self._raw = raw
        self._limit = limit
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        count = self._raw.readinto(buffer)
        self._pos += count or 0
        if self._pos > self._limit:
            raise OSError(errno.EFBIG, f"file too large (over {describe_size(self._limit)})")
        return count

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._pos = self._raw.seek(offset, whence)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._raw.close()
        super().close()


def describe_size(size: int) -> str:
    """``size`` bytes in the largest binary unit that keeps it whole or near ("5 MiB")."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", *,
                 encoding: str | None = "utf-8", newline: str | None = None,
                 protected: Iterable[str | os.PathLike[str]] = (), parents: bool = True) -> Iterator[IO]:
    """Write ``path`` through a temporary file in the same folder, renamed on success.
    ``parents=False`` (a file the user named) refuses a folder that does not exist rather
    than making it.

    A crash or an exception leaves the old file untouched and no temporary file behind.
    What ``path`` is decides the rest (see :func:`check_output`): a symlink is written
    through, a FIFO or character device (``/dev/stdout``) is written into, as a stream;
    ``protected`` files (a command's own inputs) and other kinds raise :class:`OSError`.
    """
    target, stream = check_output(path, protected)
    binary = "b" in mode
    text = {} if binary else {"encoding": encoding, "newline": newline}
    if stream:
        with _open_stream(target, mode, text) as fh:
            yield fh
        return
    _folder(target, parents)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, _file_mode(target))
        with os.fdopen(fd, mode, **text) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _folder(target: Path, parents: bool) -> None:
    """The folder ``target`` goes in: made when ``parents``, else it must exist."""
    if parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    elif not target.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"no such folder: {target.parent}", str(target.parent))


class TargetExists(FileExistsError):
    """Raised by :func:`atomic_path` with ``replace=False`` when the target was created
    by someone else while the temporary file was written (the temporary file is dropped)."""


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, replace: bool = True,
                protected: Iterable[str | os.PathLike[str]] = (), parents: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for libraries that write by file name.

    The temporary file replaces ``path`` only when the block ends without error. With
    ``replace=False`` it takes the name only if nothing has it yet, and
    :class:`TargetExists` is raised otherwise: a file made meanwhile is never replaced.
    ``path`` is checked as by :func:`atomic_write`; into a FIFO or device the finished
    file is copied.
    """
    target, stream = check_output(path, protected)
    folder = None if stream else target.parent
    if folder is not None:
        _folder(target, parents)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=folder)
    os.close(fd)
    os.unlink(tmp)
    try:
        yield Path(tmp)
        if stream:
            with open(tmp, "rb") as done, _open_stream(target, "wb", {}) as out:
                shutil.copyfileobj(done, out)
            os.unlink(tmp)
            return
        os.chmod(tmp, _file_mode(target))
        if replace:
            os.replace(tmp, target)
        else:
            _link(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _link(tmp: str, target: Path) -> None:
    """Give ``tmp`` the name ``target`` unless that name is taken (a rename would replace it)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise TargetExists(errno.EEXIST, "created meanwhile by another process", str(target)) from None
    os.unlink(tmp)


def check_output(path: str | os.PathLike[str],
                 protected: Iterable[str | os.PathLike[str]] = ()) -> tuple[Path, bool]:
    """Where writing ``path`` goes, and whether it is a stream to write into.

    A symlink is followed, so that the file it names is written and the link stays. A
    FIFO or a character device cannot be replaced by a file without breaking whatever
    uses it, so it is written into (a stream); a FIFO that nobody reads fails then
    instead of blocking. A directory, block device or socket, and any of ``protected``
    (also through another link or name), raise :class:`OSError` (``EINVAL``).
    """
    try:
        mode = os.stat(path).st_mode  # the kernel follows links, /proc/self/fd/1 included
    except FileNotFoundError:
        mode = None
    target = Path(os.path.realpath(path))
    if any(_same_file(target, other) for other in protected):
        raise OSError(errno.EINVAL, "is an input of this command; choose another output", os.fspath(path))
    if mode is None or stat.S_ISREG(mode):
        return target, False
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return Path(path), True
    raise OSError(errno.EINVAL, f"is {_kind(mode)}; only a file, a FIFO or a character device is written",
                  os.fspath(path))


def _same_file(target: Path, other: str | os.PathLike[str]) -> bool:
    if target == Path(os.path.realpath(other)):
        return True
    try:
        return os.path.samefile(target, other)  # hard links
    except OSError:
        return False


def _open_stream(path: Path, mode: str, text: dict) -> IO:
    """``path`` (a FIFO or character device) opened for writing, without waiting for a reader."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO with no reader
            raise OSError(errno.ENXIO, "is a FIFO that nothing reads", os.fspath(path)) from None
        raise
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, mode, **text)


def _file_mode(target: Path) -> int:
    """The replaced file's permissions, else what a plain ``open`` would give (0666 less
    the umask): ``mkstemp`` makes files private (0600), which a map or export should not be."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
