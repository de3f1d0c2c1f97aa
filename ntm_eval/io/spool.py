"""Rows of a batch in input order: in memory up to a limit, then spooled to a temporary file,
so a province of 10,000 communes costs the same memory as a district of 100.

The file holds the rows in pickled chunks of CHUNK rows (a list per pickle): a pass unpickles
a chunk at a time — one call and one memo per chunk, not per row, which makes each pass over a
spooled batch about twice as fast (a report reads the rows once or twice) and the file smaller,
for at most CHUNK rows more in memory per pass and while writing."""

from __future__ import annotations

import os
import pickle
import tempfile
from typing import Generic, Iterator, TypeVar

T = TypeVar("T")

CHUNK = 128  # rows per pickle of the spool file


class RowStore(Generic[T]):
    """Append-only, iterable many times (passes may nest), closed once."""

    def __init__(self, limit: int = 2000, chunk: int = CHUNK):
        self.limit = limit
        self.chunk = max(1, chunk)
        self._mem: list[T] = []
        self._pending: list[T] = []  # rows past the limit not yet written (fewer than `chunk`)
        self._path: str | None = None
        self._fh = None
        self.count = 0

    def append(self, row: T) -> None:
        self.count += 1
        if self._fh is None:
            self._mem.append(row)
            if len(self._mem) > self.limit:
                fd, self._path = tempfile.mkstemp(prefix="ntm-eval-batch-", suffix=".rows")
                self._fh = os.fdopen(fd, "wb")
                mem, self._mem = self._mem, []
                for i in range(0, len(mem), self.chunk):
                    pickle.dump(mem[i:i + self.chunk], self._fh, pickle.HIGHEST_PROTOCOL)
        else:
            self._pending.append(row)
            if len(self._pending) >= self.chunk:
                self._write()

    def _write(self) -> None:
        pickle.dump(self._pending, self._fh, pickle.HIGHEST_PROTOCOL)
        self._pending = []

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[T]:
        if self._fh is None:
            yield from list(self._mem)
            return
        if self._pending:
            self._write()
        self._fh.flush()
        with open(self._path, "rb") as fh:  # each pass has its own handle: passes may nest
            while True:
                try:
                    rows = pickle.load(fh)
                except EOFError:
                    return
                yield from rows

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            try:
                os.unlink(self._path)
            except OSError:
                pass
        self._mem = []
        self._pending = []
