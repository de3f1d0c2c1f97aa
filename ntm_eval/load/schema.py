"""JSON Schema (draft 2020-12) of criteria files and unit data files, for YAML editors.

The pydantic models below describe the *files* (docs/criteria-format.md), not the typed domain
model (`model.py`); they exist only to generate the schema that `ntm-eval schema` prints, e.g.
for yaml-language-server:  `# yaml-language-server: $schema=criteria.schema.json`.
The parser in `criteria.py` stays the authority: it checks more than a schema can (sources
declared, classes known, dates real…). Imported only by the `schema` command (pydantic is slow
to import).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

DRAFT = "https://json-schema.org/draft/2020-12/schema"

Date = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
SetId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")]
Id = Annotated[str, StringConstraints(min_length=1)]
Text = Union[str, int, float]  # the parser accepts numbers as text (e.g. `part: 3`)
IdList = Union[list[Id], Id]
Confidence = Literal["primary", "secondary", "uncertain", "demo"]
Status = Literal["pass", "fail", "missing", "not_applicable", "no_threshold"]
Level = Literal["xa", "thi_tran", "phuong", "huyen", "thi_xa", "tinh", "thon"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- criteria files ---------------------------------------------------------------------------
class SourceSpec(_Strict):
    """A legal source / văn bản căn cứ."""

    document: Text
    date: Optional[Date] = None
    part: Optional[Text] = None
    issuer: Optional[Text] = None
    url: Optional[Text] = None
    note: Optional[Text] = None


SourceRef = Union[Id, SourceSpec]  # a key of `sources`, or inline


class UnknownValue(_Strict):
    """`{unknown: "why"}`: not known, with a reason."""

    unknown: Optional[Text] = None


class DerivedSpec(_Strict):
    set_: SetId = Field(alias="set")
    indicator: Id
    factor: Optional[float] = None


class DerivedValue(_Strict):
    """factor × another set's threshold for the same unit, year and class."""

    derived: DerivedSpec


ByKeyName = Annotated[str, StringConstraints(pattern=r"^by_[a-z][a-z0-9_]*$")]


class ByKeyValue(RootModel[Annotated[dict[ByKeyName, dict[str, "ValueNode"]], Field(min_length=1, max_length=1)]]):
    """`{by_year: {2024: 45, default: unknown}}` or `{by_region: {tdmnpb: 24, …}}` (by_ + classification key)."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})


ValueNode = Annotated[
    Union[bool, float, Literal["unknown", "not_applicable", "n/a"], None, UnknownValue, DerivedValue, ByKeyValue],
    Field(description="number, true/false, unknown, not_applicable, {unknown: why}, {by_year: …}, {by_<class>: …}, "
                      "{derived: …}"),
]


class ThresholdSpec(_Strict):
    op: Optional[Literal[">=", "<=", "=", "unknown"]] = None
    value: ValueNode = None
    from_: Optional[Date] = Field(None, alias="from")
    until: Optional[Date] = None
    source: Optional[SourceRef] = None
    confidence: Optional[Confidence] = None
    note: Optional[Text] = None


Threshold = Union[Literal["unknown"], ThresholdSpec, list[ThresholdSpec]]


class Counts(_Strict):
    of: Text
    of_en: Optional[Text] = None


class MembersSpec(_Strict):
    """The share of member units (e.g. a district's communes) of `level` that meet `set`."""

    level: Level
    set_: SetId = Field(alias="set")


class IndicatorSpec(_Strict):
    """Chỉ tiêu. `title` and `threshold` are required except when changing an inherited one."""

    id: Id
    id_confidence: Optional[Literal["printed", "inferred", "uncertain"]] = None
    title: Optional[Text] = None
    title_en: Optional[Text] = None
    type: Optional[Literal["yes_no", "number", "percent", "all_of", "any_of", "first_applicable"]] = None
    unit: Optional[Text] = None
    counts: Optional[Counts] = None
    optional: Optional[bool] = None
    agency: Optional[Text] = None
    note: Optional[Text] = None
    threshold: Optional[Threshold] = None
    parts: Optional[list["IndicatorSpec"]] = None
    from_members: Optional[MembersSpec] = None


class CriterionSpec(_Strict):
    """Tiêu chí."""

    id: Id
    title: Optional[Text] = None
    title_en: Optional[Text] = None
    group: Optional[Text] = None
    agency: Optional[Text] = None
    note: Optional[Text] = None
    indicators: Optional[list[IndicatorSpec]] = None
    precondition: Optional[bool] = Field(None, description="Điều kiện (không tính vào số tiêu chí) / a precondition")
    complete: Optional[bool] = Field(None, description="Danh sách chỉ tiêu đã đầy đủ theo văn bản / the indicator "
                                                       "list is complete (else never computed as met)")


class OverrideSpec(_Strict):
    from_: Optional[Date] = Field(None, alias="from")
    until: Optional[Date] = None
    if_any: IdList
    use: Id
    source: Optional[SourceRef] = None
    note: Optional[Text] = None


class ClassificationSpec(_Strict):
    key: Id
    values: dict[str, Text]
    overrides: Optional[list[OverrideSpec]] = None


class UnitSpec(_Strict):
    name: Optional[Text] = None
    code: Optional[Text] = None
    level: Optional[Level] = None
    commune: Optional[Text] = None
    district: Optional[Text] = None
    province: Optional[Text] = None
    region: Optional[Text] = None
    group: Optional[Text] = None
    categories: Optional[IdList] = None
    note: Optional[Text] = None
    merged_from: Optional[Union[list[Text], Text]] = Field(
        None, description="Xã, phường mới từ 01/7/2025: mã hoặc tên các đơn vị cũ hợp thành (docs/units.md)")


Verdict = Annotated[Union[bool, Literal["đạt", "Đạt", "chưa đạt", "Chưa đạt", "không đạt", "Không đạt"]],
                    Field(description="Đạt / Chưa đạt (true/false)")]


class ValueWrapper(_Strict):
    value: Union[bool, float, str, None] = None
    numerator: Optional[Annotated[int, Field(ge=0)]] = None
    denominator: Optional[Annotated[int, Field(ge=0)]] = None
    evidence: Optional[Union[list[Text], Text]] = None
    note: Optional[Text] = None
    verdict: Optional[Verdict] = Field(None, description="Kết luận theo xác nhận / a verdict given for the indicator")
    by: Optional[Text] = Field(None, description="Cơ quan xác nhận / who gave the verdict")
    document: Optional[Text] = Field(None, description="Văn bản / the document that says so")
    date: Optional[Date] = None


class CriterionVerdict(_Strict):
    """Kết luận cho cả tiêu chí (thẩm tra, thẩm định) / a verdict for a whole criterion."""

    verdict: Verdict
    by: Optional[Text] = None
    document: Optional[Text] = None
    date: Optional[Date] = None
    note: Optional[Text] = None
    evidence: Optional[Union[list[Text], Text]] = None


DataValue = Union[bool, float, str, None, ValueWrapper]
CriteriaVerdicts = dict[str, Union[Verdict, CriterionVerdict]]


class ExpectSpec(_Strict):
    status: Optional[Status] = None
    criteria: Optional[dict[str, Status]] = None
    indicators: Optional[dict[str, Status]] = None


class TestSpec(_Strict):
    """An embedded test case, run by `ntm-eval validate`."""

    name: Text
    unit: Optional[UnitSpec] = None
    year: Optional[int] = None
    date: Optional[Date] = None
    values: dict[str, DataValue]
    expect: ExpectSpec


ProvinceCode = Annotated[Union[str, int], Field(description="Mã tỉnh chính thức, 2 chữ số / official "
                                                              "two-digit province code, e.g. \"12\"")]


class ProvinceRefSpec(_Strict):
    """Một tỉnh theo mã và tên chính thức / a province by official code and name."""

    code: ProvinceCode
    name: Text


class ProvinceSpec(_Strict):
    """Tỉnh ban hành bộ tiêu chí (docs/provincial-sets.md) / the province a provincial set is of."""

    code: ProvinceCode
    name: Text
    merged_into: Optional[ProvinceRefSpec] = Field(None, description="Tỉnh mới sau hợp nhất 01/7/2025 / the "
                                                                     "province it was merged into on 1/7/2025")


class CriteriaFile(_Strict):
    """Tệp bộ tiêu chí ntm-eval / an ntm-eval criteria file (docs/criteria-format.md)."""

    schema_version: Optional[Literal[1]] = None
    id: SetId
    title: Optional[Text] = None
    title_en: Optional[Text] = None
    level: Optional[Union[Level, list[Level]]] = None  # several: one set for phường and thị trấn
    tier: Optional[Literal["ntm", "nang_cao", "kieu_mau", "hien_dai", "dac_thu", "do_thi_van_minh",
                           "hoan_thanh_nhiem_vu"]] = None
    status: Optional[Literal["official", "provincial", "example", "demo"]] = None
    valid_from: Optional[Date] = None
    valid_until: Optional[Date] = None
    indicator_count: Optional[Annotated[int, Field(ge=0)]] = None
    years: Optional[list[int]] = None
    source: Optional[SourceRef] = None
    confidence: Optional[Confidence] = None
    note: Optional[Text] = None
    sources: Optional[dict[str, SourceSpec]] = None
    classification: Optional[ClassificationSpec] = None
    categories: Optional[dict[str, Text]] = None
    requires: Optional[Union[list[SetId], SetId]] = None
    extends: Optional[SetId] = None
    criteria: Optional[list[CriterionSpec]] = None
    tests: Optional[list[TestSpec]] = None
    remove: Optional[IdList] = None
    criteria_complete: Optional[bool] = Field(None, description="Mặc định cho các tiêu chí của tệp: danh sách chỉ "
                                                                "tiêu đầy đủ / default `complete` of this file's criteria")
    province: Optional[ProvinceSpec] = None


# --- unit data files -------------------------------------------------------------------------
class DeadlinesSpec(_Strict):
    """Hạn nộp hồ sơ cho `ntm-eval dossier` / dossier deadlines (docs/dossier.md)."""

    evidence: Optional[Date] = Field(None, description="Hạn hồ sơ minh chứng / evidence deadline")
    appraisal: Optional[Date] = Field(None, description="Hạn hồ sơ thẩm tra / appraisal dossier deadline")


class DataFile(_Strict):
    """Tệp dữ liệu đơn vị ntm-eval / an ntm-eval unit data file (docs/criteria-format.md §9)."""

    unit: Optional[UnitSpec] = None
    year: Optional[Annotated[int, Field(ge=1990, le=2100)]] = None
    date: Optional[Date] = None
    criteria_set: Optional[Id] = None
    values: Optional[dict[str, DataValue]] = None
    values_for: Optional[dict[str, dict[str, DataValue]]] = None
    criteria: Optional[CriteriaVerdicts] = None
    criteria_for: Optional[dict[str, CriteriaVerdicts]] = None
    note: Optional[Text] = None
    members: Optional[Union[list[str], str]] = None
    deadlines: Optional[DeadlinesSpec] = None


ByKeyValue.model_rebuild()
IndicatorSpec.model_rebuild()

MODELS = {"criteria": CriteriaFile, "data": DataFile}


def _no_null_defaults(node: Any) -> None:
    """An optional key is absent, not null: `title: null` is an error for the parser. Only
    `value: null` means something (unknown threshold / missing data), so it keeps its null."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name, p in props.items():
                if not isinstance(p, dict) or "default" not in p or p["default"] is not None:
                    continue
                del p["default"]
                if name == "value":
                    continue
                opts = p.get("anyOf")
                if isinstance(opts, list) and {"type": "null"} in opts:
                    opts = [o for o in opts if o != {"type": "null"}]
                    if len(opts) == 1:
                        del p["anyOf"]
                        p.update(opts[0])
                    else:
                        p["anyOf"] = opts
        for v in node.values():
            _no_null_defaults(v)
    elif isinstance(node, list):
        for v in node:
            _no_null_defaults(v)


def json_schema(which: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of "criteria" or "data" files."""
    model = MODELS[which]
    body = model.model_json_schema(by_alias=True, mode="validation")
    _no_null_defaults(body)
    return {"$schema": DRAFT, **body}
