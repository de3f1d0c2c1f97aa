"""Writing reports safely: atomically (temp file + rename), never over a file the run read, never
onto anything but a regular file; the format follows the file name unless told otherwise."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator

from ntm_eval.errors import Problem


# Report formats by file extension (what `--output` infers when `--format` is not given).
FORMAT_BY_SUFFIX = {".json": "json", ".csv": "csv", ".md": "md", ".html": "html", ".htm": "html",
                    ".xlsx": "xlsx", ".txt": "table", ".xml": "junit", ".pdf": "pdf", ".docx": "docx"}


def format_for(output: str | None, given: str | None, default: str, allowed: Iterable[str]) -> tuple[str, Problem | None]:
    """The report format: `--format` if given, else inferred from the output's extension, else
    `default`. A given format that contradicts the extension (`-o r.xlsx --format table`) is a
    problem: the file would not open in the program its name promises."""
    allowed = tuple(allowed)
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    inferred = FORMAT_BY_SUFFIX.get(suffix)
    if inferred not in allowed:
        if inferred is not None and suffix != ".txt" and given in (None, inferred):
            # `check -o r.html`: a file named for a format this command does not write would hold
            # something else under that name (a text table in an .html file): refused
            return given or default, Problem("cli.format_unavailable", None,
                                             params={"path": output, "format": inferred, "formats": ", ".join(allowed)})
        if inferred is not None and suffix != ".txt":
            return given, Problem("cli.format_clash", None, params={"path": output, "format": given,
                                                                    "inferred": inferred})
        inferred = None
    if given is None:
        return inferred or default, None
    if inferred is not None and inferred != given:
        return given, Problem("cli.format_clash", None, params={"path": output, "format": given,
                                                                "inferred": inferred})
    return given, None


def output_problem(output: str, read: Iterable[str]) -> Problem | None:
    """Why `output` must not be written, if it must not: it is (or links to) a file the run read,
    or something other than a regular file (a folder, a FIFO, a device), or its folder is missing.
    `-` (stdout) is always fine."""
    if output == "-":
        return None
    try:
        real = os.path.realpath(output)
        if os.path.lexists(output):
            st = os.stat(real) if os.path.exists(real) else None
            if st is not None and not stat.S_ISREG(st.st_mode):
                return Problem("cli.output_not_regular", None, params={"path": output})
            # only an existing file can be one the run read: the same file by identity (a link,
            # a hard link, another spelling of its path), one stat per input, no path resolving
            if st is not None and _same_file_in(st, read) or st is None and real in {os.path.realpath(p) for p in read}:
                return Problem("cli.output_is_input", None, params={"path": output})
        folder = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(folder):
            return Problem("cli.output_no_folder", None, params={"path": output, "folder": folder})
    except (OSError, ValueError) as exc:
        return Problem("batch.write_error", None, params={"path": output, "detail": getattr(exc, "strerror", None) or exc})
    return None


def _same_file_in(st: os.stat_result, read: Iterable[str]) -> bool:
    ident = (st.st_dev, st.st_ino)
    for p in read:
        try:
            other = os.stat(p)
        except (OSError, ValueError):
            continue
        if (other.st_dev, other.st_ino) == ident:
            return True
    return False


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
