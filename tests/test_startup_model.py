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


# --- records.dataclass on the other shapes it takes (slots, frozen slots) and those it hands on ---

from ntm_eval.records import dataclass as record  # noqa: E402


def _shape(make, frozen, slots, name):
    ns = {"__annotations__": {"a": "int", "b": "str", "c": "list", "d": "tuple"}, "__module__": __name__,
          "__qualname__": name, "b": "x", "c": dataclasses.field(default_factory=list), "d": ()}
    cls = make(frozen=frozen, slots=slots)(type(name, (), ns))
    globals()[name] = cls  # picklable by name
    return cls


SHAPES = [(frozen, slots, _shape(record, frozen, slots, f"Mine{frozen:d}{slots:d}"),
           _shape(dataclasses.dataclass, frozen, slots, f"Ref{frozen:d}{slots:d}"))
          for frozen in (False, True) for slots in (False, True)]


@pytest.mark.parametrize("frozen,slots,mine,ref", SHAPES, ids=lambda v: str(v)[:12])
def test_records_with_slots_and_frozen(frozen, slots, mine, ref):
    a, b = mine(1, d=(2,)), ref(1, d=(2,))
    assert repr(a).replace("Mine", "Ref") == repr(b) and dataclasses.asdict(a) == dataclasses.asdict(b)
    assert str(inspect.signature(mine)) == str(inspect.signature(ref))
    assert hasattr(a, "__dict__") == hasattr(b, "__dict__")
    assert a == mine(1, d=(2,)) and a != mine(2)
    assert (mine.__hash__ is None) == (ref.__hash__ is None)
    if frozen:
        with pytest.raises(TypeError):  # c is a list: unhashable, as the dataclass
            hash(a)
        with pytest.raises(TypeError):
            hash(b)
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.a = 3
    else:
        a.a = 3
        assert a.a == 3
    back = pickle.loads(pickle.dumps(a))
    assert back == a
    assert dataclasses.replace(a, b="y").b == "y"


def test_records_hand_on_what_they_do_not_make():
    @record(order=True)
    class Ordered:
        x: int

    @record
    class Post:
        x: int

        def __post_init__(self):
            self.y = self.x * 2

    @record
    class Hidden:
        x: int = dataclasses.field(default=1, repr=False)

    assert Ordered(1) < Ordered(2)
    assert Post(2).y == 4
    assert repr(Hidden()) == "test_records_hand_on_what_they_do_not_make.<locals>.Hidden()"


def test_a_dataclass_may_extend_a_record():
    @dataclasses.dataclass(frozen=True)
    class More(model.Const):
        extra: int = 0

    m = More(1.0, 2)
    assert m.value == 1.0 and m.extra == 2 and [f.name for f in dataclasses.fields(m)] == ["value", "extra"]
    with pytest.raises(TypeError):  # a non-frozen dataclass cannot extend a frozen one
        dataclasses.dataclass(type("Loose", (model.Const,), {"__annotations__": {"x": "int"}}))


def test_fields_left_out_of_repr_and_comparison():
    from ntm_eval.records import field as rfield

    ns = {"__annotations__": {"a": "int", "lazy": "object"}, "__module__": __name__,
          "lazy": rfield(default=None, repr=False, compare=False)}
    mine = record(frozen=True)(type("Lz", (), dict(ns)))
    ns["lazy"] = dataclasses.field(default=None, repr=False, compare=False)
    ref = dataclasses.dataclass(frozen=True)(type("Lz", (), ns))
    assert repr(mine(1, "x")) == repr(ref(1, "x")) == "Lz(a=1)"
    assert mine(1, "x") == mine(1, "y") and hash(mine(1, "x")) == hash(ref(1, "y"))
    assert mine.lazy is None and [f.name for f in dataclasses.fields(mine)] == ["a", "lazy"]
    assert [(f.repr, f.compare) for f in dataclasses.fields(mine)] == [(f.repr, f.compare) for f in dataclasses.fields(ref)]


def test_records_replace_is_dataclasses_replace():
    """records.replace gives what dataclasses.replace gives, for a records class and any other."""
    import dataclasses

    from ntm_eval.model import DataValue
    from ntm_eval.records import replace

    dv = DataValue("number", 3.5, evidence=("BC 12",))
    assert replace(dv, value=4.0) == dataclasses.replace(dv, value=4.0)
    assert replace(dv) == dv and replace(dv) is not dv
    with pytest.raises(TypeError):
        replace(dv, nope=1)

    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int
        b: str = "x"

    assert replace(Plain(1), b="y") == Plain(1, "y")
