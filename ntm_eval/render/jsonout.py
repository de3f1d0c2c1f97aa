"""JSON output (DESIGN.md §5 contract). Plain json; no rich, no pydantic."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ntm_eval.errors import Problem

FORMAT_VERSION = 1


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def error_entry(path: str, problems: list[Problem], lang: str) -> dict[str, Any]:
    from ntm_eval.messages import format_problem

    return {"file": path, "status": "error",
            "errors": [{"file": p.file, "line": p.line, "col": p.col, "indicator": p.indicator, "code": p.key,
                        "message": format_problem(p, lang)} for p in problems]}
