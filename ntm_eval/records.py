"""`dataclass` as the standard library makes it, without its start-up cost.

`dataclasses.dataclass` writes and compiles the source of six functions for every class when its
module is imported (~0.5 ms a class, most of the import time of a module of small classes; a
`check` reads some forty of them). `records.dataclass` gives a class the same behaviour — the
same `__init__` (positional or keyword, defaults, default factories; compiled when the class
first makes an object, never for classes only ever unpickled), `__repr__`, `__eq__`, `__hash__`
(frozen) or none (not frozen), frozen `__setattr__`/`__delattr__`, `__slots__` (`slots=True`),
`__match_args__`, `__dataclass_fields__` (so `dataclasses.fields`, `replace`, `asdict` and
`is_dataclass` work), pickling — with generic methods instead of compiled ones.

Only the simple, common case is done here: any other option or feature (`order`, `eq=False`,
`kw_only`, `field(repr=False, compare=False, init=False, …)`, `__post_init__`, `InitVar`,
`ClassVar`, a base class, a class that writes its own `__init__`/`__eq__`/… ) goes to
`dataclasses.dataclass` itself. One difference: a class without a docstring keeps `__doc__`
None (dataclasses writes its signature there, which needs `inspect`).
tests/test_startup_model.py compares classes made both ways.
"""

from __future__ import annotations

import dataclasses as _dc
from dataclasses import field
from operator import attrgetter
from typing import Any, Callable

__all__ = ["dataclass", "field"]

_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__post_init__",
        "__slots__", "__getstate__", "__setstate__")
_PLAIN_FIELD = {"init": True, "repr": True, "hash": None, "compare": True, "kw_only": _dc.MISSING}


def dataclass(cls: type | None = None, /, *, frozen: bool = False, slots: bool = False,
              **options: Any) -> Any:
    """`@dataclass`, `@dataclass(frozen=True)`, `@dataclass(slots=True)`: as `dataclasses`
    makes them; other options go to `dataclasses.dataclass`."""

    def wrap(c: type) -> type:
        if options or not _simple(c):
            return _dc.dataclass(c, frozen=frozen, slots=slots, **options)
        return _make(c, frozen, slots)

    return wrap if cls is None else wrap(cls)


def _simple(cls: type) -> bool:
    if cls.__bases__ != (object,) or any(name in cls.__dict__ for name in _OWN):
        return False
    for name, ann in cls.__dict__.get("__annotations__", {}).items():
        text = ann if isinstance(ann, str) else repr(ann)
        if "ClassVar" in text or "InitVar" in text or text == "KW_ONLY" or text.endswith(".KW_ONLY"):
            return False
        got = cls.__dict__.get(name)
        if isinstance(got, _dc.Field):
            if got.metadata or any(getattr(got, k) != v for k, v in _PLAIN_FIELD.items()):
                return False
            if got.default is not _dc.MISSING:
                return False  # field(default=…): left to dataclasses (rare here)
        elif callable(got) and not isinstance(got, type) or isinstance(got, (property, classmethod, staticmethod)):
            return False  # a method named like a field: whatever dataclasses makes of it
    return True


def _make(cls: type, frozen: bool, slots: bool) -> type:
    nodefault = object()
    names = tuple(cls.__dict__.get("__annotations__", {}))
    fields: dict[str, _dc.Field] = {}
    for name in names:
        got = cls.__dict__.get(name, nodefault)
        if isinstance(got, _dc.Field):  # field(default_factory=…)
            f = got
            delattr(cls, name)
        else:
            f = field() if got is nodefault else field(default=got)
            if slots and got is not nodefault:
                delattr(cls, name)  # a default is kept by the field, not as a class attribute
        f.name, f.type, f._field_type = name, cls.__annotations__[name], _dc._FIELD  # type: ignore[attr-defined]
        f.kw_only = False  # type: ignore[attr-defined]  # as dataclasses settles it
        fields[name] = f
    if slots:
        ns = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
        ns["__slots__"] = names
        qualname = cls.__qualname__
        cls = type(cls)(cls.__name__, cls.__bases__, ns)
        cls.__qualname__ = qualname
    cls.__dataclass_fields__ = fields  # type: ignore[attr-defined]
    cls.__dataclass_params__ = _params(frozen, slots)  # type: ignore[attr-defined]  # read by a dataclass subclass
    cls.__match_args__ = names  # type: ignore[attr-defined]
    _methods(cls, names, fields, frozen, slots)
    return cls


def _params(frozen: bool, slots: bool) -> Any:
    flags = {"init": True, "repr": True, "eq": True, "order": False, "unsafe_hash": False, "frozen": frozen}
    try:  # Python 3.12 on
        return _dc._DataclassParams(**flags, match_args=True, kw_only=False, slots=slots,  # type: ignore[attr-defined]
                                    weakref_slot=False)
    except TypeError:
        return _dc._DataclassParams(**flags)  # type: ignore[attr-defined]


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise _dc.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise _dc.FrozenInstanceError(f"cannot delete field {name!r}")


def _methods(cls: type, names: tuple[str, ...], fields: dict[str, _dc.Field], frozen: bool, slots: bool) -> None:
    get: Callable[[Any], tuple]
    if len(names) > 1:
        get = attrgetter(*names)
    elif names:
        one = attrgetter(names[0])
        get = lambda o: (one(o),)  # noqa: E731
    else:
        get = lambda o: ()  # noqa: E731

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _compile_init(cls, fields, frozen, slots)
        cls.__init__ = real  # type: ignore[misc]
        real(self, *args, **kwargs)

    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={v!r}' for n, v in zip(names, get(self)))})"

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


def _compile_init(cls: type, fields: dict[str, _dc.Field], frozen: bool, slots: bool) -> Any:
    """The class's `__init__` as `dataclasses` writes it (our own generated source, never input)."""
    ns: dict[str, Any] = {"__records_factory__": _dc._HAS_DEFAULT_FACTORY, "__records_set__": object.__setattr__}  # type: ignore[attr-defined]
    params, body = [], []
    me = "__dataclass_self__" if "self" in fields else "self"
    for name, f in fields.items():
        if f.default_factory is not _dc.MISSING:
            ns[f"__records_f_{name}"] = f.default_factory
            params.append(f"{name}=__records_factory__")
            value = f"__records_f_{name}() if {name} is __records_factory__ else {name}"
        else:
            if f.default is _dc.MISSING:
                params.append(name)
            else:
                ns[f"__records_d_{name}"] = f.default
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
    fn.__annotations__ = {**{name: f.type for name, f in fields.items()}, "return": None}
    fn.__qualname__ = f"{cls.__qualname__}.__init__"
    fn.__module__ = cls.__module__
    return fn
