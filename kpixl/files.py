"""Writing files safely: never over a user's file without ``force``, never half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class FileExistsNoForce(FileExistsError):
    """The target exists and ``force`` was not given."""

    def __init__(self, path: Path):
        super().__init__(f"{path} exists; use --force to replace it")
        self.path = path


def write_atomic(path: str | os.PathLike, write: Callable[[Path], None], *, force: bool = False) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``.

    A crash leaves the old file (or nothing) in place, never a torn one.
    """
    target = Path(path)
    if target.exists() and not force:
        raise FileExistsNoForce(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_text(path: str | os.PathLike, text: str, *, force: bool = False) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), force=force)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
