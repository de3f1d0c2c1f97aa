"""Writing reports safely: atomically (temp file + rename), never over an input file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def would_overwrite(output: str | os.PathLike, inputs: Iterable[str | os.PathLike]) -> str | None:
    """The input that `output` would overwrite, if any (same path, or inside an input folder? no:
    writing into an input folder is allowed; only the files themselves are protected)."""
    for i in inputs:
        if same_file(output, i):
            return str(i)
    return None


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w") -> Iterator[IO]:
    """Like `atomic_write`, for reports written piece by piece (a province batch streams its
    rows): yields a file in the target's folder, renamed over `path` only when the block ends
    without an error; on error the target is left untouched. `mode` is "w" (UTF-8 text) or "wb"."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8", "newline": ""} if "b" not in mode else {})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # a report, not a secret: mkstemp's 0600 would surprise
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write(path: str | os.PathLike, data: str | bytes) -> None:
    """Write `data` to `path` so that readers see either the old file or the whole new one."""
    with atomic_open(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
