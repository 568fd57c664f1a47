"""cattrs converters between the records and their JSON form.

On disk (and in :meth:`Dataset.to_dict`), records refer to actors and
sources by id; in memory they hold the resolved objects.  A converter
therefore needs something that resolves ids: :func:`make_converter` takes a
*resolver* (usually a :class:`~kzcn_relations.Dataset`) for that.

Structuring is strict: strings must be strings, lists must be lists,
amounts and stakes are decimal strings (never floats), dates are ISO 8601
strings of year, month or day precision, and unknown keys are errors.

>>> import kzcn_relations
>>> ds = kzcn_relations.dataset()
>>> conv = make_converter(ds)
>>> record = ds.record("border-agreement-1994")
>>> data = conv.unstructure(record)
>>> data["date"], data["parties"]
('1994-04-26', ['chn', 'kaz'])
>>> conv.structure(data, type(record)) == record
True
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from kzcn_relations._validators import DECIMAL
from kzcn_relations.dates import PartialDate, Precision
from kzcn_relations.exceptions import DanglingReferenceError, InvalidValueError, describe
from kzcn_relations.model import (
    RECORD_TYPES,
    Actor,
    AidDataProject,
    ExternalId,
    Holding,
    Money,
    Name,
    Office,
    Place,
    Ratification,
    Share,
    Source,
    field_order,
    reference_fields,
)
from kzcn_relations.vocabulary import (
    ActorKind,
    AgreementKind,
    Basis,
    Confidence,
    EventKind,
    InvestmentKind,
    NameKind,
    PlaceKind,
    Status,
    TitleFrom,
    TradeKind,
)

__all__ = ["Resolver", "make_converter"]


class Resolver(Protocol):
    """Resolves actor, source and place ids to objects (a :class:`Dataset` is one).

    Each method raises ``LookupError`` for an unknown id.
    """

    def actor_by_id(self, actor_id: str, /) -> Actor: ...

    def source_by_id(self, source_id: str, /) -> Source: ...

    def place_by_id(self, place_id: str, /) -> Place: ...


def _strict_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        msg = f"expected a string, got {describe(value)}"
        raise TypeError(msg)
    return value


def _strict_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        msg = f"expected true or false, got {describe(value)}"
        raise TypeError(msg)
    return value


def _strict_int(value: object, _: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"expected an integer, got {describe(value)}"
        raise TypeError(msg)
    return value


def _structure_date(value: object, _: object) -> PartialDate:
    if not isinstance(value, str):
        msg = f"expected an ISO 8601 date string, got {describe(value)}"
        raise TypeError(msg)
    try:
        return PartialDate.parse(value)
    except InvalidValueError as exc:
        raise ValueError(exc.reason) from None


def _structure_decimal(value: object, _: object) -> decimal.Decimal:
    if not isinstance(value, str):
        msg = f'expected a decimal string such as "4180000000" or "0.5", got {describe(value)}'
        raise TypeError(msg)
    if DECIMAL.fullmatch(value) is None:
        msg = (
            f"{value!r} is not a plain non-negative decimal (digits without "
            "leading zeros, optionally a point and more digits)"
        )
        raise ValueError(msg)
    return decimal.Decimal(value)


def _unstructure_decimal(value: decimal.Decimal) -> str:
    return format(value, "f")


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    # the members by value, looked up directly (Enum's __call__ is slower);
    # only exact values of the right type match: "1" is not Precision.YEAR
    try:
        member = cls._value2member_map_[value]
        if type(value) is type(member.value):
            return member
    except (KeyError, TypeError):
        pass
    choices = ", ".join(repr(m.value) for m in cls)
    msg = f"{value!r} is not one of {choices}"
    raise ValueError(msg)


def _enum_value(member: enum.Enum) -> object:
    return member.value


_ENUMS: tuple[type[enum.Enum], ...] = (
    ActorKind,
    AgreementKind,
    Basis,
    Confidence,
    EventKind,
    InvestmentKind,
    NameKind,
    PlaceKind,
    Precision,
    Status,
    TitleFrom,
    TradeKind,
)


def _list_hook(
    item_hook: Callable[[Any, Any], Any], item_type: Any
) -> Callable[[object, object], tuple[Any, ...]]:
    """Structure a JSON list (and only a list) into a tuple, item by item."""

    def structure(value: object, cls: object) -> tuple[Any, ...]:
        if not isinstance(value, list):
            msg = f"expected a list, got {describe(value)}"
            raise TypeError(msg)
        out: list[Any] = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                out.append(item_hook(item, item_type))
            except Exception as exc:  # noqa: BLE001 - collected, re-raised
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"@ index {i}", i, item_type),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {cls!r}", errors, tuple)
        return tuple(out)

    return structure


def _fast_refs(
    checked: Callable[[object, object], tuple[Any, ...]],
    table: Callable[[], Mapping[str, Any]] | None,
) -> Callable[[object, object], tuple[Any, ...]]:
    """A list of ids, resolved by one table look-up each when all resolve.

    *table* gives the resolver's id -> object mapping (whose keys are all
    strings); anything else — not a list, an id that does not resolve, a
    value that is not a string — goes through *checked*, which raises the
    detailed error.
    """
    if table is None:
        return checked

    def structure(value: object, cls: object) -> tuple[Any, ...]:
        if type(value) is list:
            lookup = table()
            try:
                return tuple([lookup[v] for v in value])
            except (KeyError, TypeError):
                pass
        return checked(value, cls)

    return structure


def _is_homogeneous_tuple(t: Any) -> bool:
    args: tuple[Any, ...] = getattr(t, "__args__", ())
    return getattr(t, "__origin__", None) is tuple and (len(args) == 2 and args[1] is Ellipsis)


def make_converter(resolver: Resolver | None = None, *, detailed: bool = True) -> cattrs.Converter:
    """A new converter for the model classes.

    *resolver* turns actor and source ids back into objects when
    structuring; without one, the converter can only unstructure records
    (and structure the classes that hold no references: ``PartialDate``,
    ``Money``, ``Source``, ``Office``, ``ExternalId``, ``Name``).

    With *detailed* (the default) a structuring error says where every
    problem is; without it, structuring is faster and stops at the first
    problem.  (The loader reads a document with generated readers first,
    and with a detailed converter only when they refuse it.)

    Unstructuring omits fields that hold their default value, and writes
    keys in the canonical order.
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(PartialDate, _structure_date)
    conv.register_unstructure_hook(PartialDate, str)
    conv.register_structure_hook(decimal.Decimal, _structure_decimal)
    conv.register_unstructure_hook(decimal.Decimal, _unstructure_decimal)
    # Each enum explicitly: the model's enums are str subclasses, and the
    # strict ``str`` hook would otherwise claim them.
    for enum_cls in _ENUMS:
        conv.register_structure_hook(enum_cls, _structure_enum)
        conv.register_unstructure_hook(enum_cls, _enum_value)
    conv.register_structure_hook_factory(
        _is_homogeneous_tuple,
        lambda t, c: _list_hook(c.get_structure_hook(t.__args__[0]), t.__args__[0]),
    )

    def reference(noun: str) -> Callable[[object, object], Any]:
        """The hook resolving one id of a *noun* (actor, source, place) to the object."""

        def resolve(value: object, _: object) -> Any:
            ident = _strict_str(value, None)
            if resolver is None:
                msg = f"cannot resolve {noun} ids without a resolver"
                raise TypeError(msg)
            try:
                return getattr(resolver, f"{noun}_by_id")(ident)
            except LookupError:
                raise DanglingReferenceError("", f"{ident!r} is not the id of any {noun}") from None

        return resolve

    actor_ref, source_ref, place_ref = reference("actor"), reference("source"), reference("place")

    def optional_actor_ref(value: object, _: object) -> Actor | None:
        return None if value is None else actor_ref(value, None)

    actor_refs = _fast_refs(_list_hook(actor_ref, Actor), getattr(resolver, "actor_table", None))
    source_refs = _fast_refs(
        _list_hook(source_ref, Source), getattr(resolver, "source_table", None)
    )
    place_refs = _fast_refs(_list_hook(place_ref, Place), getattr(resolver, "place_table", None))

    def ids(items: tuple[Actor, ...] | tuple[Source, ...] | tuple[Place, ...]) -> list[str]:
        return [item.id for item in items]

    def optional_id(item: Actor | None) -> str | None:
        return None if item is None else item.id

    hooks: dict[str, tuple[Callable[[object, object], Any], Callable[[Any], Any]]] = {
        "actors": (actor_refs, ids),
        "actor": (optional_actor_ref, optional_id),
        "sources": (source_refs, ids),
        "places": (place_refs, ids),
    }

    def overrides(cls: type) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, reference in reference_fields(cls).items():
            struct_hook, unstruct_hook = hooks[reference]
            result[name] = override(
                struct_hook=struct_hook, unstruct_hook=unstruct_hook, omit_if_default=True
            )
        if cls in RECORD_TYPES:  # a record always says its kind, defaulted or not
            result["kind"] = override(omit_if_default=False)
        return result

    # Inner classes first: the outer hooks look theirs up when generated.
    for cls in (
        Money,
        Source,
        Office,
        ExternalId,
        AidDataProject,
        Name,
        Share,
        Ratification,
        Place,
        Actor,
        Holding,
        *RECORD_TYPES,
    ):
        conv.register_structure_hook(
            cls,
            make_dict_structure_fn(
                cls,
                conv,
                _cattrs_forbid_extra_keys=True,
                _cattrs_detailed_validation=detailed,
                **overrides(cls),
            ),
        )
        conv.register_unstructure_hook(
            cls,
            _ordered(
                cls,
                make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **overrides(cls)),
            ),
        )
    return conv


def _ordered(
    cls: type, unstructure: Callable[[Any], dict[str, Any]]
) -> Callable[[Any], dict[str, Any]]:
    order = field_order(cls)

    def hook(obj: Any) -> dict[str, Any]:
        raw = unstructure(obj)
        return {k: raw[k] for k in order if k in raw}

    return hook
