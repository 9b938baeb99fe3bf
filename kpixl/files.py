"""Writing files safely: never over a user's file without ``force``, never half-written."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import FileExistsNoForce, OutputError
from .messages import say

__all__ = ["FileExistsNoForce", "OutputError", "check_target", "refused"]


def refused(key: str, **fields: object) -> OutputError:
    """The OutputError of message ``key``: its English words as the message, the CLI's own language later."""
    return OutputError(key, say("en", key, **fields), **fields)


def check_target(path: str | os.PathLike, suffixes: tuple[str, ...], *, force: bool = False) -> Path:
    """``path`` as a file kpixl may write, before any work: its suffix one of ``suffixes``, its folder there,
    no folder of that name, no file either unless ``force``."""
    target = Path(path)
    if target.suffix.lower() not in suffixes:
        raise refused("not_xlsx", path=target, fixed=target.with_suffix(suffixes[0]).name)
    if target.is_dir():
        raise refused("is_folder", path=target)
    if not target.parent.is_dir():
        raise refused("folder_missing", folder=target.parent)
    if target.exists() and not force:
        raise FileExistsNoForce(target)
    return target


def write_atomic(path: str | os.PathLike, write: Callable[[Path], object], *, force: bool = False) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``.

    A crash leaves the old file (or nothing) in place, never a torn one. A symbolic link stays a link: the file
    it points to is the one replaced.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not force:
        raise FileExistsNoForce(target)
    tmp = temporary(target)
    try:
        write(tmp)
        publish(tmp, target, force=force)
    finally:  # also on Ctrl-C and SIGTERM (the CLI turns it into an exception): no temporary file stays
        tmp.unlink(missing_ok=True)
    return target


def temporary(target: Path) -> Path:
    """An empty temporary file beside ``target`` (the same file system: renaming it is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    return Path(name)


def publish(tmp: Path, target: Path, *, force: bool = False) -> None:
    """Give the finished ``tmp`` the name ``target``: replacing it only with ``force`` (through a symbolic
    link, the file it points to), with the permissions the old file had or a new file gets."""
    if target.is_symlink():
        target = target.resolve()
    os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
    if force:
        os.replace(tmp, target)
    else:
        _publish_new(tmp, target)


def _publish_new(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the name ``target`` only if no file took that name meanwhile: a hard link is created
    or fails, atomically, so a file made at the target while kpixl worked is never replaced."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise FileExistsNoForce(target) from None
    except OSError:  # a file system without hard links: exclusive create, then copy
        with open(target, "xb") as out, open(tmp, "rb") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)


def write_text(path: str | os.PathLike, text: str, *, force: bool = False) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), force=force)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fingerprint(path: Path) -> tuple[int, int, str]:
    """What tells whether a file changed: its size, its time of change and the digest of its bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, digest.hexdigest()


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold ``path`` for one kpixl run: a second run that would write it meanwhile is refused (``locked``). The
    lock is a file beside it holding the process id; a lock whose process has ended is taken over."""
    lock = path.with_name(f".{path.name}.kpixl-lock")
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            if _running(lock):
                raise refused("locked", path=path, lock=lock) from None
            lock.unlink(missing_ok=True)  # its run ended without removing it (killed): stale
    else:
        raise refused("locked", path=path, lock=lock)
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _running(lock: Path) -> bool:
    """Whether the process that wrote ``lock`` still runs (unreadable or unknown: assume it does)."""
    try:
        pid = int(lock.read_text().strip() or "0")
    except (OSError, ValueError):
        return True
    if pid <= 0 or pid == os.getpid():
        return pid == os.getpid()
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
