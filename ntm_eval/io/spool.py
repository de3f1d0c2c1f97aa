"""Rows of a batch in input order: in memory up to a limit, then spooled to a temporary file,
so a province of 10,000 communes costs the same memory as a district of 100."""

from __future__ import annotations

import os
import pickle
import tempfile
from typing import Generic, Iterator, TypeVar

T = TypeVar("T")


class RowStore(Generic[T]):
    """Append-only, iterable many times (passes may nest), closed once."""

    def __init__(self, limit: int = 2000):
        self.limit = limit
        self._mem: list[T] = []
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
                for r in self._mem:
                    pickle.dump(r, self._fh, pickle.HIGHEST_PROTOCOL)
                self._mem = []
        else:
            pickle.dump(row, self._fh, pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[T]:
        if self._fh is None:
            yield from list(self._mem)
            return
        self._fh.flush()
        with open(self._path, "rb") as fh:  # each pass has its own handle: passes may nest
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            try:
                os.unlink(self._path)
            except OSError:
                pass
        self._mem = []
