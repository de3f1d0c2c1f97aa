"""JSON output (DESIGN.md §5 contract). Plain json; no rich, no pydantic."""

from __future__ import annotations

import json
import json.encoder
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ntm_eval.errors import Problem

FORMAT_VERSION = 1


def dumps(obj: Any) -> str:
    """`json.dumps(obj, ensure_ascii=False, indent=2)`, character for character. With an indent the
    standard library encodes in Python, item by item; plain data (dict with str keys, list, tuple,
    str, int, float, bool, None) is written here a few times faster, anything else by json."""
    out: list[str] = []
    try:
        _write(obj, out, "\n")
    except _Unusual:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(out)


class _Unusual(Exception):
    """A value `_write` leaves to json (another type, a non-str key, NaN or infinity)."""


_encode_str = json.encoder.encode_basestring  # what dumps uses with ensure_ascii=False (the C one)
_INFINITY = float("inf")


def _write(o: Any, out: list[str], nl: str) -> None:
    t = type(o)
    if t is str:
        out.append(_encode_str(o))
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif t is int:
        out.append(int.__repr__(o))
    elif t is float:
        if o != o or o == _INFINITY or o == -_INFINITY:
            raise _Unusual
        out.append(float.__repr__(o))
    elif t is dict:
        if not o:
            out.append("{}")
            return
        inner = nl + "  "
        sep = "{" + inner
        for k, v in o.items():
            if type(k) is not str:
                raise _Unusual
            out.append(sep)
            out.append(_encode_str(k))
            out.append(": ")
            _write(v, out, inner)
            sep = "," + inner
        out.append(nl + "}")
    elif t is list or t is tuple:
        if not o:
            out.append("[]")
            return
        inner = nl + "  "
        sep = "[" + inner
        for v in o:
            out.append(sep)
            _write(v, out, inner)
            sep = "," + inner
        out.append(nl + "]")
    else:
        raise _Unusual


def error_entry(path: str, problems: list[Problem], lang: str) -> dict[str, Any]:
    from ntm_eval.messages import format_problem

    return {"file": path, "status": "error",
            "errors": [{"file": p.file, "line": p.line, "col": p.col, "indicator": p.indicator, "code": p.key,
                        "message": format_problem(p, lang)} for p in problems]}
