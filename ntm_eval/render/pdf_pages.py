"""A PDF's pages compressed and set aside as each is finished, and the file written to its
destination as fpdf2 makes it: a report of 7,400 pages holds one page's content in memory at a
time, where fpdf2 alone keeps every page uncompressed until `output()` and then builds the whole
file in one bytearray (257 MiB for 100,000 communes).

How a page's stream is made: when the page is finished, its content so far is deflated (raw
deflate, ending in a sync flush, which ends on a byte boundary) into a spooled temporary file
and the page's bytearray is emptied. What is written on the page afterwards — its foot,
"Trang x / y", once the total is known — stays in the bytearray. At output the page's stream is
the zlib header, the spooled deflate, the rest deflated and closed, and the Adler-32 of the
whole: deflate streams concatenate after a sync flush, so the stream inflates to the very bytes
fpdf2 would have compressed. `tests/test_pdf_pages.py` holds the two ways in lock-step."""

from __future__ import annotations

import hashlib
import struct
import tempfile
import zlib
from typing import IO, Any

from fpdf.output import OutputProducer
from fpdf.syntax import Name, PDFObject

IN_MEMORY = 4 << 20  # bytes of compressed pages kept in memory before the spool goes to disk
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KiB window; the level bits are only informative


class Pages:
    """The compressed beginnings of a document's pages, by page number."""

    def __init__(self, level: int) -> None:
        self.level = level
        self._file: Any = None
        self._at = 0  # where the next piece goes in the file
        self._parts: dict[int, tuple[list[tuple[int, int]], int]] = {}  # page -> pieces, Adler-32

    def put(self, number: int, page: Any) -> None:
        """Set aside what page `number` holds so far (an fpdf2 PDFPage) and empty it."""
        data = page.contents
        if not data:
            return
        z = zlib.compressobj(self.level, zlib.DEFLATED, -15, _mem_level(len(data)))
        piece = z.compress(data) + z.flush(zlib.Z_SYNC_FLUSH)
        if self._file is None:
            self._file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY, prefix="ntm-eval-pdf-")
        self._file.seek(self._at)
        self._file.write(piece)
        pieces, adler = self._parts.get(number, ([], 1))
        pieces.append((self._at, len(piece)))
        self._parts[number] = (pieces, zlib.adler32(data, adler))
        self._at += len(piece)
        page.contents = bytearray()

    def stream(self, number: int, rest: bytes) -> bytes:
        """Page `number`'s whole content, zlib-compressed: what was set aside, then `rest`."""
        pieces, adler = self._parts.get(number, ([], 1))
        out = [_ZLIB_HEADER]
        for at, size in pieces:
            self._file.seek(at)
            out.append(self._file.read(size))
        z = zlib.compressobj(self.level, zlib.DEFLATED, -15, _mem_level(len(rest)))
        out += (z.compress(rest), z.flush(), struct.pack(">I", zlib.adler32(rest, adler)))
        return b"".join(out)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _mem_level(size: int) -> int:
    """zlib's memory for `size` bytes: its default for a page, the least for a page's foot (a
    compressor at the default sets up 256 KiB of tables: 27 µs, where the foot takes 2)."""
    return 8 if size > 4096 else 1


class Sink:
    """fpdf2's output buffer, as far as its producer uses one (`+=`, `len`): each piece is
    written to the destination as it comes, and hashed for the file's /ID."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.size = 0
        self.md5 = hashlib.md5(usedforsecurity=False)

    def __iadd__(self, data: bytes) -> Sink:
        self.out.write(data)
        self.md5.update(data)
        self.size += len(data)
        return self

    def __len__(self) -> int:
        return self.size


class _PageStream(PDFObject):
    """A page's content stream, made from the spool when fpdf2 serializes it, then let go."""

    __slots__ = ("_pages", "_number", "_rest", "_data")
    filter = Name("FlateDecode")

    def __init__(self, pages: Pages, number: int, rest: bytes) -> None:
        super().__init__()
        self._pages, self._number, self._rest = pages, number, rest
        self._data: bytes | None = None

    @property
    def length(self) -> int:  # asked for first, as fpdf2 writes the stream's dictionary
        if self._data is None:
            self._data = self._pages.stream(self._number, self._rest)
        return len(self._data)

    def content_stream(self) -> bytes:
        data = self._data if self._data is not None else self._pages.stream(self._number, self._rest)
        self._data = None
        return data


class Producer(OutputProducer):
    """fpdf2's producer writing to the document's `destination` (a Sink) and taking each page's
    stream from its `spooled` Pages."""

    def __init__(self, fpdf: Any) -> None:
        super().__init__(fpdf)
        self.buffer = fpdf.destination  # type: ignore[assignment]

    def _add_pages(self, _slice: slice = slice(0, None)) -> list:
        pages: Pages = self.fpdf.spooled
        rests = {id(p): bytes(p.contents) for p in self._iter_pages_in_order()}
        page_objs = super()._add_pages(_slice)
        at = {id(obj): i for i, obj in enumerate(self.pdf_objs)}
        for page in page_objs:
            made = page.contents  # fpdf2's stream of what the bytearray held
            number, rest = page.index(), rests[id(page)]
            stream = _PageStream(pages, number, rest)
            stream.id = made.id
            self.pdf_objs[at[id(made)]] = stream
            page.contents = stream
        return page_objs


def file_id(sink: Sink, creation_date: Any) -> str:
    """fpdf2's default /ID (the MD5 of the file and its creation date) from the sink's hash."""
    h = sink.md5.copy()
    if creation_date:
        h.update(creation_date.strftime("%Y%m%d%H%M%S").encode("utf8"))
    digest = h.hexdigest().upper()
    return f"<{digest}><{digest}>"
