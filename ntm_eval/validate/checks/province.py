"""The province of a provincial set (`province: {code, name, merged_into}`), checked against the
official units of the package `vietnamadminunits` (load/set_province.py; rules:
docs/provincial-sets.md): the code exists on the map the set was issued under, the name is that
code's, and a province merged on 1/7/2025 says into which province — the one the dataset's
converter gives, never another."""

from __future__ import annotations

from typing import Iterator

from ntm_eval.errors import Problem
from ntm_eval.validate.checks.registry import rule
from ntm_eval.validate.context import SetContext


@rule("province")
def check_province(ctx: SetContext) -> Iterator[Problem]:
    from ntm_eval.load import set_province as sp

    cset = ctx.cset
    ref = cset.province
    raw = ctx.raw(("province",))
    if ref is None:
        if cset.status == "provincial" and raw is None:
            yield ctx.problem("validate.province_missing", ("id",), severity="warning", set_id=cset.id)
        return
    if not isinstance(raw, dict):  # inherited through `extends`: checked in the parent's file
        return
    from ntm_eval.load.adminunits import PACKAGE, available, same_name

    if not available():
        yield ctx.problem("validate.province_no_dataset", ("province",), severity="warning", package=PACKAGE)
        return
    era = sp.set_era(cset)
    other = "new" if era == "old" else "old"
    u = sp.official(ref.code, era)
    if u is None:
        was = sp.official(ref.code, other)
        yield ctx.problem("validate.province_unknown_code", ("province", "code"), code=ref.code,
                          map=_map_word(era, "vi"), map_en=_map_word(era, "en"),
                          other=f"{was.short} ({_map_word(other, 'vi')})" if was else "—",
                          other_en=f"{was.short} ({_map_word(other, 'en')})" if was else "—")
        return
    if not same_name(ref.name, u.short):
        yield ctx.problem("validate.province_name", ("province", "name"), code=ref.code, value=ref.name,
                          official=u.short)
        return
    yield from _merged(ctx, sp, era)


def _merged(ctx: SetContext, sp, era: str) -> Iterator[Problem]:
    """`merged_into` is the dataset's: required for a merged province, refused for another."""
    from ntm_eval.load.adminunits import same_name

    ref = ctx.cset.province
    assert ref is not None
    hit = sp.merges().get(ref.code) if era == "old" else None
    given = ref.merged_into
    if hit is None:
        if given is not None:
            yield ctx.problem("validate.province_not_merged", ("province", "merged_into"), province=ref.name,
                              code=ref.code)
        return
    into, olds = hit
    if given is None:
        yield ctx.problem("validate.province_merge_missing", ("province",), province=ref.name, code=ref.code,
                          into=into.name, into_code=into.code, olds=", ".join(olds))
    elif given.code != into.code or not same_name(given.name, into.name):
        yield ctx.problem("validate.province_merge_mismatch", ("province", "merged_into"), province=ref.name,
                          code=ref.code, value=f"{given.name} ({given.code})", into=into.name, into_code=into.code,
                          olds=", ".join(olds))


def _map_word(era: str, lang: str) -> str:
    if lang == "en":
        return "63 provinces, before 1/7/2025" if era == "old" else "34 provinces, from 1/7/2025"
    return "63 tỉnh, trước 01/7/2025" if era == "old" else "34 tỉnh, từ 01/7/2025"
