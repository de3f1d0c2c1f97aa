"""A department assignment file: which department of a province or district owns which criterion
or indicator of a set, checked against the set (docs/dossier.md).

```yaml
province: Lai Châu          # optional, said in reports
district: Tam Đường         # optional
note: …                     # optional
agencies:
  vn/2021-2025/xa-ntm:      # set id → criterion or indicator id → department
    "2": Sở Giao thông vận tải
    "19.2": Công an tỉnh
```

Every problem is located (file, line, column) with a did-you-mean: an unknown set, an id the set
does not have, a department that is not text. The caller exits 2."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.io.yamlload import Doc, load_path

TOP_KEYS = {"province", "district", "note", "agencies"}


@dataclass(frozen=True)
class Assignment:
    path: str
    by_set: dict[str, dict[str, str]] = field(default_factory=dict)
    province: str | None = None
    district: str | None = None
    note: str | None = None

    def for_set(self, set_id: str) -> dict[str, str]:
        return self.by_set.get(set_id, {})

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.path, "province": self.province, "district": self.district, "agencies": self.by_set}


def read_assignment(path: str, lookup) -> Assignment:
    """Read and check an assignment file; `lookup(set_id)` returns the set (Catalog.get_id)."""
    return parse_assignment(load_path(path), lookup)


def parse_assignment(doc: Doc, lookup) -> Assignment:
    problems: list[Problem] = []
    d = doc.data
    if not isinstance(d, dict):
        raise InputError([doc.problem("schema.expected_mapping", (), what="agencies", got=type(d).__name__)])
    for k in d:
        if k not in TOP_KEYS:
            problems.append(doc.problem("schema.unknown_key", (k,), key=True, name=k, where="",
                                        hint=suggest(str(k), TOP_KEYS), allowed=", ".join(sorted(TOP_KEYS))))
    texts: dict[str, str | None] = {}
    for k in ("province", "district", "note"):
        v = d.get(k)
        if v is not None and not isinstance(v, str):
            problems.append(doc.problem("schema.expected_text", (k,), name=k, got=type(v).__name__))
            v = None
        texts[k] = v.strip() or None if isinstance(v, str) else None
    given = d.get("agencies")
    by_set: dict[str, dict[str, str]] = {}
    if given is None:
        problems.append(doc.problem("schema.missing_key", (), name="agencies", where=""))
    elif not isinstance(given, dict):
        problems.append(doc.problem("schema.expected_mapping", ("agencies",), what="agencies",
                                    got=type(given).__name__))
    else:
        for set_id, ids in given.items():
            sid = str(set_id)
            path = ("agencies", set_id)
            try:
                cset = lookup(sid)
            except InputError as exc:
                hint = next((p.params.get("hint") for p in exc.problems if p.key == "catalog.unknown_set"), None)
                problems.append(doc.problem("agencies.unknown_set", path, key=True, name=sid, hint=hint))
                continue
            if not isinstance(ids, dict):
                problems.append(doc.problem("schema.expected_mapping", path, what=sid, got=type(ids).__name__))
                continue
            known = [c.id for c in cset.criteria] + [i for i in cset.all_ids() if i not in {c.id for c in cset.criteria}]
            out: dict[str, str] = {}
            for key, dept in ids.items():
                kid = str(key)
                kpath = path + (key,)
                if kid not in known:
                    problems.append(doc.problem("agencies.unknown_id", kpath, key=True, name=kid, set_id=cset.id,
                                                hint=suggest(kid, known)))
                    continue
                if not isinstance(dept, str) or not dept.strip():
                    problems.append(doc.problem("agencies.bad_department", kpath, name=kid,
                                                got=type(dept).__name__))
                    continue
                out[kid] = " ".join(dept.split())
            by_set[cset.id] = out
    if problems:
        raise InputError(problems)
    return Assignment(doc.path, by_set, texts["province"], texts["district"], texts["note"])
