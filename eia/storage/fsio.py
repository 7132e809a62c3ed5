"""File operations that never follow a link and never leave a half-written file under its name.

Everything the file backend reads or writes goes through here. A link anywhere below the store's
root could send a write outside it or let a planted file pass for a revision, so links are refused
with a CorruptRecordError that names them, never followed: folders are checked with `lstat`, files
are opened with `O_NOFOLLOW` where the platform has it. New content is always written to a temp
file first and fsynced, then given its name by `os.link` (which never replaces) or `os.replace`
(which is atomic), and the folder is fsynced so that the name survives a crash.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from eia.errors import CorruptRecordError
from eia.jsondoc import corrupt

_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
           | getattr(os, "O_BINARY", 0))


def _refused_link(path: Path) -> CorruptRecordError:
    return corrupt(str(path), "symlink", "is a symbolic link; the store never follows links, so "
                   "nothing was read or written through it (replace it with the real file or "
                   "folder)")


def is_folder(path: Path) -> bool:
    """True for a real folder, False if nothing is there; refuses a link or a file."""
    try:
        found = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(found.st_mode):
        raise _refused_link(path)
    if not stat.S_ISDIR(found.st_mode):
        raise corrupt(str(path), "not-a-folder", "should be a folder of the store but is not")
    return True


def is_folder_below(path: Path, root: Path) -> bool:
    """Like `is_folder`, for every folder from just below `root` down to `path`."""
    parts = path.relative_to(root).parts
    return all(is_folder(root.joinpath(*parts[:end])) for end in range(1, len(parts) + 1))


def ensure_folder(path: Path, root: Path) -> None:
    """Create a folder below `root` (which may itself be a configured link) if it is missing."""
    if path == root:
        path.mkdir(parents=True, exist_ok=True)
        return
    if is_folder(path):
        return
    ensure_folder(path.parent, root)
    with contextlib.suppress(FileExistsError):
        path.mkdir()
    is_folder(path)  # someone may have put a link there in between
    fsync_folder(path.parent)


def read_file(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of a regular file, or None if there is none; a link is refused, not followed."""
    origin = str(path)
    try:
        found = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise corrupt(origin, "unreadable", error.strerror or str(error)) from None
    if stat.S_ISLNK(found.st_mode):
        raise _refused_link(path)
    if not stat.S_ISREG(found.st_mode):
        raise corrupt(origin, "not-a-file", "is not a regular file")
    if limit is not None and found.st_size > limit:
        raise corrupt(origin, "too-large", f"is larger than {limit // 2**20} MiB, so it was "
                      "not read")
    try:
        fd = os.open(path, _READ)
    except FileNotFoundError:
        return None  # replaced or removed since the lstat
    except OSError as error:  # ELOOP: it became a link since the lstat
        raise corrupt(origin, "unreadable", error.strerror or str(error)) from None
    with os.fdopen(fd, "rb") as file:
        return file.read()


def write_temp(folder: Path, prefix: str, data: bytes) -> tuple[Path, os.stat_result]:
    """Write a fresh, fsynced temp file in `folder`; return it with its final size and mtime.

    The stat is taken from the open file, so it describes exactly these bytes even after a
    rename (which keeps the mtime), whatever another process does to the name later.
    """
    temp = folder / f"{prefix}.{secrets.token_hex(8)}.tmp"
    fd = os.open(temp, _CREATE, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
            written = os.fstat(fd)
        finally:
            os.close(fd)
    except BaseException:
        remove(temp)
        raise
    return temp, written


def link_new(temp: Path, target: Path) -> None:
    """Give the temp file the target's name only if no file has it; FileExistsError otherwise."""
    try:
        os.link(temp, target)
    finally:
        remove(temp)
    fsync_folder(target.parent)


def replace(temp: Path, target: Path) -> None:
    """Move the temp file over the target atomically (a link there is replaced, not followed)."""
    try:
        temp.replace(target)
    except BaseException:
        remove(temp)
        raise
    fsync_folder(target.parent)


def remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def fsync_folder(path: Path) -> None:
    """Make a folder's entries durable; Windows cannot open a folder and needs no such step."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
