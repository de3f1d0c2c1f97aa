"""ntm_eval/model.py builds its classes without `@dataclass` (start-up time): each one must behave
exactly as its `@dataclass` twin — the same fields, signature, defaults, repr, ==, hash, frozen
attributes, `replace`, `asdict`, pickling."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from ntm_eval import model

CLASSES = [obj for obj in vars(model).values()
           if isinstance(obj, type) and obj.__module__ == model.__name__ and dataclasses.is_dataclass(obj)]
FROZEN = {c for c in CLASSES if c is not model.UnitData}


def twin(cls: type) -> type:
    """The class as `@dataclass` makes it from the same annotations and defaults."""
    ns = {"__annotations__": dict(cls.__annotations__), "__module__": cls.__module__, "__qualname__": cls.__qualname__}
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            ns[f.name] = dataclasses.field(default_factory=f.default_factory)
        elif f.default is not dataclasses.MISSING:
            ns[f.name] = f.default
    return dataclasses.dataclass(frozen=cls in FROZEN)(type(cls.__name__, (), ns))


def sample(cls: type, salt: int = 0) -> dict:
    """Arguments for every field without a default (hashable where the field allows it)."""
    return {f.name: f"{f.name}-{salt}" for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}


def test_every_class_of_the_model_is_covered():
    names = {c.__name__ for c in CLASSES}
    assert {"CriteriaSet", "Indicator", "DataValue", "UnitData", "Source", "NotApplicable"} <= names
    assert len(CLASSES) == 18


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_behaves_as_its_dataclass_twin(cls):
    ref = twin(cls)
    assert [(f.name, f.type, f.default, f.default_factory) for f in dataclasses.fields(cls)] == \
           [(f.name, f.type, f.default, f.default_factory) for f in dataclasses.fields(ref)]
    assert cls.__match_args__ == ref.__match_args__
    a, b = cls(**sample(cls)), ref(**sample(cls))
    assert str(inspect.signature(cls)) == str(inspect.signature(ref))
    assert repr(a) == repr(b)
    assert a == cls(**sample(cls)) and not (a != cls(**sample(cls)))
    assert dataclasses.asdict(a) == dataclasses.asdict(b)
    assert dataclasses.astuple(a) == dataclasses.astuple(b)
    if sample(cls):
        other = cls(**sample(cls, 1))
        assert a != other and (a == other) == (b == ref(**sample(cls, 1)))
    assert (a == 1) is False and a != b  # another class is never equal (NotImplemented both ways)
    first = dataclasses.fields(cls)[0].name if dataclasses.fields(cls) else None
    if cls in FROZEN:
        try:
            hashed = hash(b)
        except TypeError:  # a field whose default is unhashable (a dict): the same for both
            with pytest.raises(TypeError):
                hash(a)
        else:
            assert hash(a) == hashed
        if first:
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{first}'"):
                setattr(a, first, "x")
            with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{first}'"):
                delattr(a, first)
    else:
        assert cls.__hash__ is None and ref.__hash__ is None
        setattr(a, first, "changed")
        assert getattr(a, first) == "changed"
    if first:
        changed = dataclasses.replace(a, **{first: "other"})
        assert getattr(changed, first) == "other" and changed.__class__ is cls
    back = pickle.loads(pickle.dumps(a, pickle.HIGHEST_PROTOCOL))
    assert back == a and back.__class__ is cls


def test_defaults_and_factories_are_fresh_per_object():
    one, two = model.CriteriaSet("a", "t", "xa", ()), model.CriteriaSet("a", "t", "xa", ())
    assert one.categories == {} and one.categories is not two.categories
    u = model.UnitData("p", {}, None, "2024-12-31", {})
    assert u.warnings == [] and u.warnings is not model.UnitData("p", {}, None, "2024-12-31", {}).warnings


def test_wrong_arguments_are_the_same_type_errors():
    ref = twin(model.DataValue)
    for args, kwargs in [((), {}), (("number", 1, 2, 3, (), None, (), (), "x", None, (), None, "extra"), {}),
                         (("number",), {"nope": 1}), (("number",), {"kind": "na"})]:
        with pytest.raises(TypeError) as got:
            model.DataValue(*args, **kwargs)
        with pytest.raises(TypeError) as want:
            ref(*args, **kwargs)
        assert str(got.value).split("()", 1)[1] == str(want.value).split("()", 1)[1]


def test_cached_property_of_a_frozen_record():
    s = model.Source("Công văn 3371/BCA-V05 hướng dẫn", part="mục 2", date="2022-01-05")
    assert s.short == "Công văn 3371/BCA-V05" and s.cite == "Công văn 3371/BCA-V05 hướng dẫn, mục 2, 2022-01-05"
    assert pickle.loads(pickle.dumps(s)).short == s.short and pickle.loads(pickle.dumps(s)) == s
