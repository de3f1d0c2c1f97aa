"""`dataclass` as the standard library makes it, without its start-up cost.

`dataclasses.dataclass` writes and compiles the source of six functions for every class when its
module is imported (~0.5 ms a class, most of the import time of a module of small classes; a
`check` reads some forty of them), and `dataclasses` itself imports `inspect` (and with it `ast`,
`dis`, `tokenize`). `records.dataclass` gives a class the same behaviour — the same `__init__`
(positional or keyword, defaults, default factories; compiled when the class first makes an
object, never for classes only ever unpickled), `__repr__`, `__eq__`, `__hash__` (frozen) or none
(not frozen), frozen `__setattr__`/`__delattr__` (raising `dataclasses.FrozenInstanceError`),
`__slots__` (`slots=True`), `__match_args__`, `__dataclass_fields__` and `__dataclass_params__`
(so `dataclasses.fields`, `replace`, `asdict`, `is_dataclass` and a dataclass subclass work: they
are made, and `dataclasses` imported, the first time something asks for them), pickling — with
generic methods instead of compiled ones.

Only the simple, common case is done here: any other option or feature (`order`, `eq=False`,
`kw_only`, `field(init=False, hash=…, metadata=…, kw_only=…)`, `__post_init__`, `InitVar`,
`ClassVar`, a base class, a class that writes its own `__init__`/`__eq__`/… ) goes to
`dataclasses.dataclass` itself. One difference: a class without a docstring keeps `__doc__`
None (dataclasses writes its signature there, which needs `inspect`).
tests/test_startup_model.py compares classes made both ways.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable

__all__ = ["dataclass", "field", "replace", "MISSING"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"  # as dataclasses shows it in a signature


MISSING: Any = _Missing()  # no default (records' own: dataclasses is not imported for it)
_FACTORY = _Factory()  # the default of a parameter whose field has a default factory

_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__post_init__",
        "__slots__", "__getstate__", "__setstate__", "__dataclass_fields__", "__dataclass_params__")


class _Field:
    """What `field(…)` was given; a real `dataclasses.Field` is made from it when one is asked for."""

    __slots__ = ("kwargs",)

    def __init__(self, kwargs: dict[str, Any]) -> None:
        self.kwargs = kwargs

    def get(self, name: str, default: Any = MISSING) -> Any:
        return self.kwargs.get(name, default)

    def simple(self) -> bool:
        return set(self.kwargs) <= {"default", "default_factory", "repr", "compare"} and not (
            "default" in self.kwargs and "default_factory" in self.kwargs)


def field(**kwargs: Any) -> Any:
    """`dataclasses.field`, for classes made by `records.dataclass` (or handed on to dataclasses)."""
    return _Field(kwargs)


def dataclass(cls: type | None = None, /, *, frozen: bool = False, slots: bool = False,
              **options: Any) -> Any:
    """`@dataclass`, `@dataclass(frozen=True)`, `@dataclass(slots=True)`: as `dataclasses`
    makes them; other options go to `dataclasses.dataclass`."""

    def wrap(c: type) -> type:
        if options or not _simple(c):
            return _standard(c, frozen=frozen, slots=slots, **options)
        return _make(c, frozen, slots)

    return wrap if cls is None else wrap(cls)


def _standard(cls: type, **options: Any) -> type:
    """The class made by dataclasses itself (our `field(…)` markers turned into its own)."""
    import dataclasses

    for name, got in list(cls.__dict__.items()):
        if isinstance(got, _Field):
            setattr(cls, name, dataclasses.field(**got.kwargs))
    return dataclasses.dataclass(cls, **options)


def _simple(cls: type) -> bool:
    if cls.__bases__ != (object,) or any(name in cls.__dict__ for name in _OWN):
        return False
    for name, ann in cls.__dict__.get("__annotations__", {}).items():
        text = ann if isinstance(ann, str) else repr(ann)
        if "ClassVar" in text or "InitVar" in text or text == "KW_ONLY" or text.endswith(".KW_ONLY"):
            return False
        got = cls.__dict__.get(name)
        if isinstance(got, _Field):
            if not got.simple():
                return False
        elif type(got).__module__ == "dataclasses":  # a dataclasses.field(…) given here
            return False
        elif callable(got) and not isinstance(got, type) or isinstance(got, (property, classmethod, staticmethod)):
            return False  # a method named like a field: whatever dataclasses makes of it
    return True


class _Spec:
    """One field: name, annotation, default, default factory, shown in repr, compared."""

    __slots__ = ("name", "type", "default", "factory", "repr", "compare")

    def __init__(self, name: str, type_: Any, default: Any, factory: Any, repr_: bool, compare: bool) -> None:
        self.name, self.type, self.default, self.factory = name, type_, default, factory
        self.repr, self.compare = repr_, compare


def _make(cls: type, frozen: bool, slots: bool) -> type:
    nodefault = object()
    specs: list[_Spec] = []
    for name, ann in cls.__dict__.get("__annotations__", {}).items():
        got = cls.__dict__.get(name, nodefault)
        if isinstance(got, _Field):
            spec = _Spec(name, ann, got.get("default"), got.get("default_factory"), got.get("repr", True),
                         got.get("compare", True))
            if spec.default is MISSING or slots:
                delattr(cls, name)  # dataclasses: a factory's field has no class attribute
            else:
                setattr(cls, name, spec.default)  # … a field(default=x)'s class attribute is x
        else:
            spec = _Spec(name, ann, MISSING if got is nodefault else got, MISSING, True, True)
            if slots and got is not nodefault:
                delattr(cls, name)  # a default is kept by the field, not as a class attribute
        specs.append(spec)
    names = tuple(s.name for s in specs)
    if slots:
        ns = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
        ns["__slots__"] = names
        qualname = cls.__qualname__
        cls = type(cls)(cls.__name__, cls.__bases__, ns)
        cls.__qualname__ = qualname
    cls.__dataclass_fields__ = _Lazy(specs, frozen, slots, "fields")  # type: ignore[attr-defined]
    cls.__dataclass_params__ = _Lazy(specs, frozen, slots, "params")  # type: ignore[attr-defined]
    cls.__match_args__ = names  # type: ignore[attr-defined]
    cls.__records_fields__ = names  # type: ignore[attr-defined]  # made here: `replace` needs no dataclasses
    _methods(cls, specs, frozen, slots)
    return cls


def replace(obj: Any, /, **changes: Any) -> Any:
    """`dataclasses.replace`: a copy of `obj` with `changes`. For a class made here, without
    importing dataclasses (every field is an `__init__` parameter); any other goes to dataclasses."""
    names = obj.__class__.__dict__.get("__records_fields__")
    if names is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)
    for k in changes:
        if k not in names:
            raise TypeError(f"{obj.__class__.__name__}.__init__() got an unexpected keyword argument {k!r}")
    return obj.__class__(**{n: changes[n] if n in changes else getattr(obj, n) for n in names})


class _Lazy:
    """`__dataclass_fields__` / `__dataclass_params__`, made (with dataclasses) when first read."""

    def __init__(self, specs: list[_Spec], frozen: bool, slots: bool, what: str) -> None:
        self.specs, self.frozen, self.slots, self.what = specs, frozen, slots, what

    def __get__(self, obj: Any, owner: type) -> Any:
        fields, params = _standard_attrs(self.specs, self.frozen, self.slots)
        type.__setattr__(owner, "__dataclass_fields__", fields)
        type.__setattr__(owner, "__dataclass_params__", params)
        return fields if self.what == "fields" else params


def _standard_attrs(specs: list[_Spec], frozen: bool, slots: bool) -> tuple[dict[str, Any], Any]:
    import dataclasses as dc

    fields: dict[str, Any] = {}
    for s in specs:
        kw: dict[str, Any] = {"repr": s.repr, "compare": s.compare}
        if s.factory is not MISSING:
            kw["default_factory"] = s.factory
        elif s.default is not MISSING:
            kw["default"] = s.default
        f = dc.field(**kw)
        f.name, f.type, f._field_type = s.name, s.type, dc._FIELD  # type: ignore[attr-defined]
        f.kw_only = False  # type: ignore[attr-defined]  # as dataclasses settles it
        fields[s.name] = f
    flags = {"init": True, "repr": True, "eq": True, "order": False, "unsafe_hash": False, "frozen": frozen}
    try:  # Python 3.12 on
        params = dc._DataclassParams(**flags, match_args=True, kw_only=False, slots=slots,  # type: ignore[attr-defined]
                                     weakref_slot=False)
    except TypeError:
        params = dc._DataclassParams(**flags)  # type: ignore[attr-defined]
    return fields, params


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda o: (one(o),)
    return lambda o: ()


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _methods(cls: type, specs: list[_Spec], frozen: bool, slots: bool) -> None:
    shown = tuple(s.name for s in specs if s.repr)
    show = _getter(shown)
    get = _getter(tuple(s.name for s in specs if s.compare))

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _compile_init(cls, specs, frozen, slots)
        cls.__init__ = real  # type: ignore[misc]
        real(self, *args, **kwargs)

    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={v!r}' for n, v in zip(shown, show(self)))})"

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return get(self) == get(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(get(self))

    methods: dict[str, Any] = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__}
    if frozen:
        methods.update(__hash__=__hash__, __setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
        if slots:  # as dataclasses does: pickling a frozen object with slots goes around __setattr__
            names = tuple(s.name for s in specs)

            def __getstate__(self: Any) -> list:
                return [getattr(self, n) for n in names]

            def __setstate__(self: Any, state: list) -> None:
                for n, v in zip(names, state):
                    object.__setattr__(self, n, v)

            methods.update(__getstate__=__getstate__, __setstate__=__setstate__)
    for attr, fn in methods.items():
        fn.__qualname__ = f"{cls.__qualname__}.{attr}"
        fn.__module__ = cls.__module__
        setattr(cls, attr, fn)
    if not frozen:
        cls.__hash__ = None  # type: ignore[assignment]  # eq without frozen: unhashable, as a dataclass


def _compile_init(cls: type, specs: list[_Spec], frozen: bool, slots: bool) -> Any:
    """The class's `__init__` as `dataclasses` writes it (our own generated source, never input)."""
    ns: dict[str, Any] = {"__records_factory__": _FACTORY, "__records_set__": object.__setattr__}
    params, body = [], []
    me = "__dataclass_self__" if any(s.name == "self" for s in specs) else "self"
    for s in specs:
        name = s.name
        if s.factory is not MISSING:
            ns[f"__records_f_{name}"] = s.factory
            params.append(f"{name}=__records_factory__")
            value = f"__records_f_{name}() if {name} is __records_factory__ else {name}"
        else:
            if s.default is MISSING:
                params.append(name)
            else:
                ns[f"__records_d_{name}"] = s.default
                params.append(f"{name}=__records_d_{name}")
            value = name
        if not slots:
            body.append(f"    __records_dict__[{name!r}] = {value}")
        elif frozen:
            body.append(f"    __records_set__({me}, {name!r}, {value})")
        else:
            body.append(f"    {me}.{name} = {value}")
    head = f"    __records_dict__ = {me}.__dict__" if not slots else "    pass"
    src = "\n".join([f"def __init__({me}{''.join(', ' + p for p in params)}):", head, *body])
    exec(compile(src, f"<{cls.__qualname__}.__init__>", "exec"), ns)  # noqa: S102
    fn = ns["__init__"]
    fn.__annotations__ = {**{s.name: s.type for s in specs}, "return": None}
    fn.__qualname__ = f"{cls.__qualname__}.__init__"
    fn.__module__ = cls.__module__
    return fn
