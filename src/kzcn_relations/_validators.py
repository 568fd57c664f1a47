"""Field validators of the model, as small named objects.

Each :class:`Validator` is a check that raises :class:`InvalidTypeError` or
:class:`InvalidValueError` naming the field, and also says what the JSON
Schema of the field needs: :meth:`Validator.schema` gives the schema of one
valid value, or ``None`` when the field's type says it all.
:mod:`kzcn_relations._schema` reads these facts; it never inspects the
checking code.

What a field passes to attrs is ``validator.fn``: a plain function (attrs
calls it for every field of every object, and a plain function is called
at less than half the cost of an object's ``__call__``), which carries its
validator as ``fn.spec``.

Every text must be encodable as UTF-8 (a lone surrogate such as ``"\\ud800"``
is not), so whatever loads can be written back.
"""

from __future__ import annotations

import decimal
import enum
import operator
import re
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from kzcn_relations import _iso
from kzcn_relations.exceptions import InvalidTypeError, InvalidValueError, describe

__all__ = [
    "SLUG",
    "Amount",
    "AnyText",
    "Country",
    "Currency",
    "EnumOf",
    "Fraction",
    "InstanceOf",
    "Slug",
    "Text",
    "TupleOf",
    "Validator",
    "check_utf8",
]

#: An id: lower-case ASCII letters and digits in hyphen-separated parts.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: A decimal as text, with the grammar of a JSON number without sign or exponent.
DECIMAL = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")

if TYPE_CHECKING:
    Attribute = attrs.Attribute[Any]


def type_error(field: str, expected: str, value: object) -> InvalidTypeError:
    """The error for a value of the wrong type in *field*."""
    return InvalidTypeError(field, f"expected {expected}, got {describe(value)}")


def check_utf8(field: str, value: str) -> None:
    """Raise :class:`InvalidValueError` if *value* cannot be written as UTF-8."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = value[exc.start]
            raise InvalidValueError(
                field,
                f"text holds a lone surrogate {bad!r} at position {exc.start}, "
                "which cannot be written as UTF-8",
            ) from None


def utf8_ok(value: str) -> bool:
    """Whether *value* can be written as UTF-8 (no lone surrogate)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


Check = Callable[[object, "Attribute", object], None]


class Validator:
    """Base class: a check of one field, and the schema facts it implies."""

    __slots__ = ("fn",)

    def __init__(self) -> None:
        fn = self._function()
        fn.spec = self  # type: ignore[attr-defined]
        #: The plain function attrs calls: ``fn(instance, attribute, value)``.
        self.fn: Check = fn

    def _function(self) -> Check:
        raise NotImplementedError  # pragma: no cover

    def __call__(self, instance: object, attribute: Attribute, value: object) -> None:
        self.fn(instance, attribute, value)

    def schema(self) -> dict[str, Any] | None:
        """The JSON Schema of one valid value, or None to derive it from the type."""
        return None

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str | None:
        """The check as a Python expression, for the loader's generated code.

        Given that *var* names a value of the field's declared type, other
        than None, the expression is true only if :attr:`fn` would accept
        it (a false one makes the loader read again in detail, where
        :attr:`fn` says what is wrong).  Names it uses go into *env*.  None:
        no such expression, call :attr:`fn`.  *keys*, for a tuple of
        objects read from a list of ids, names that list.
        """
        return None

    def predicate(self, env: dict[str, Any]) -> str | None:
        """The name (put into *env*) of a one-argument function that is truthy
        only for a value :attr:`fn` accepts (of the declared type), or None."""
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _copy(fn: Check) -> Check:
    """A new function object running *fn*'s code (each validator owns its own)."""
    assert isinstance(fn, types.FunctionType)
    copied: Check = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__)
    return copied


class _Plain(Validator):
    """A validator without parameters: a module-level check and a fixed schema."""

    __slots__ = ()

    #: The check (a module function); each instance runs a copy of it.
    check: staticmethod[[object, Attribute, object], None]
    #: The JSON Schema of one valid value.
    value_schema: ClassVar[dict[str, Any]] = {}

    def _function(self) -> Check:
        return _copy(type(self).check)

    def schema(self) -> dict[str, Any]:
        return dict(self.value_schema)


def spec_of(validator: object) -> Validator | None:
    """The :class:`Validator` behind an attrs field's validator, if it is one."""
    found = getattr(validator, "spec", None)
    return found if isinstance(found, Validator) else None


def _slug(instance: object, attribute: Attribute, value: object) -> None:
    if type(value) is not str and not isinstance(value, str):
        raise type_error(attribute.name, "str", value)
    if SLUG.fullmatch(value) is None:
        raise InvalidValueError(
            attribute.name,
            f"{value!r} is not a slug (lower-case letters, digits and single hyphens)",
        )


class Slug(_Plain):
    """A stable id: lower-case letters, digits and single hyphens."""

    __slots__ = ()
    check = staticmethod(_slug)
    value_schema: ClassVar[dict[str, Any]] = {"$ref": "#/$defs/slug"}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_slug_match"] = SLUG.fullmatch
        return f"_slug_match({var}) is not None"

    def predicate(self, env: dict[str, Any]) -> str:
        env["_slug_match"] = SLUG.fullmatch
        return "_slug_match"


def _optional_slug(instance: object, attribute: Attribute, value: object) -> None:
    if value is not None:
        _slug(instance, attribute, value)


class OptionalSlug(_Plain):
    """The id of another object, or None."""

    __slots__ = ()
    check = staticmethod(_optional_slug)
    value_schema: ClassVar[dict[str, Any]] = {"anyOf": [{"$ref": "#/$defs/slug"}, {"type": "null"}]}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_slug_match"] = SLUG.fullmatch
        return f"_slug_match({var}) is not None"


#: A BCP 47 language tag of the forms the model uses: a language (two or
#: three letters, or ``und``), then optionally a script (four letters) and
#: a region (two letters or three digits), in their usual letter case.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")


def _language(instance: object, attribute: Attribute, value: object) -> None:
    if not isinstance(value, str):
        raise type_error(attribute.name, "str", value)
    if LANGUAGE_TAG.fullmatch(value) is None:
        raise InvalidValueError(
            attribute.name,
            f"{value!r} is not a BCP 47 language tag such as 'kk', 'ru', 'zh-Hans' or 'kk-Latn'",
        )


class Language(_Plain):
    """A BCP 47 language tag: ``kk``, ``ru``, ``zh-Hans``, ``kk-Latn``, ``und``."""

    __slots__ = ()
    check = staticmethod(_language)
    value_schema: ClassVar[dict[str, Any]] = {"$ref": "#/$defs/language"}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_language_match"] = LANGUAGE_TAG.fullmatch
        return f"_language_match({var}) is not None"


class Text(Validator):
    """Text that is not blank (or None, where the field's type allows it)."""

    __slots__ = ("optional",)

    def __init__(self, *, optional: bool = False) -> None:
        self.optional = optional
        super().__init__()

    def _function(self) -> Check:
        optional = self.optional

        def check(instance: object, attribute: Attribute, value: object) -> None:
            if value is None and optional:
                return
            if type(value) is not str and not isinstance(value, str):
                raise type_error(attribute.name, "str", value)
            if not value.strip():
                raise InvalidValueError(attribute.name, f"must not be blank, got {value!r}")
            if not value.isascii():
                check_utf8(attribute.name, value)

        return check

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "\\S"}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_utf8"] = utf8_ok
        return f"{var}.strip() and ({var}.isascii() or _utf8({var}))"

    def __repr__(self) -> str:
        return f"Text(optional={self.optional})"


def _any_text(instance: object, attribute: Attribute, value: object) -> None:
    if type(value) is not str and not isinstance(value, str):
        raise type_error(attribute.name, "str", value)
    if not value.isascii():
        check_utf8(attribute.name, value)


class AnyText(_Plain):
    """Any text, the empty string included."""

    __slots__ = ()
    check = staticmethod(_any_text)
    value_schema: ClassVar[dict[str, Any]] = {"type": "string"}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_utf8"] = utf8_ok
        return f"({var}.isascii() or _utf8({var}))"


def _country(instance: object, attribute: Attribute, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise type_error(attribute.name, "str or None", value)
    if value not in _iso.ALPHA3_TO_ALPHA2:
        raise InvalidValueError(
            attribute.name, f"{value!r} is not an ISO 3166-1 alpha-3 country code"
        )


class Country(_Plain):
    """An ISO 3166-1 alpha-3 country code, or None."""

    __slots__ = ()
    check = staticmethod(_country)
    value_schema: ClassVar[dict[str, Any]] = {"$ref": "#/$defs/country"}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_countries"] = _iso.ALPHA3_TO_ALPHA2
        return f"{var} in _countries"


def _currency(instance: object, attribute: Attribute, value: object) -> None:
    if not isinstance(value, str):
        raise type_error(attribute.name, "str", value)
    if value not in _iso.CURRENCIES:
        raise InvalidValueError(attribute.name, f"{value!r} is not an ISO 4217 currency code")


class Currency(_Plain):
    """An ISO 4217 currency code."""

    __slots__ = ()
    check = staticmethod(_currency)
    value_schema: ClassVar[dict[str, Any]] = {"$ref": "#/$defs/currency"}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_currencies"] = _iso.CURRENCIES
        return f"{var} in _currencies"


def _amount(instance: object, attribute: Attribute, value: object) -> None:
    if not isinstance(value, decimal.Decimal):
        raise type_error(attribute.name, "decimal.Decimal", value)
    if not value.is_finite() or value < 0:
        raise InvalidValueError(attribute.name, f"{value} is not a finite amount >= 0")


class Amount(_Plain):
    """A finite, non-negative :class:`decimal.Decimal`."""

    __slots__ = ()
    check = staticmethod(_amount)
    value_schema: ClassVar[dict[str, Any]] = {"$ref": "#/$defs/decimal"}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_zero"] = decimal.Decimal(0)
        return f"{var}.is_finite() and {var} >= _zero"


def _optional_amount(instance: object, attribute: Attribute, value: object) -> None:
    if value is not None:
        _amount(instance, attribute, value)


class OptionalAmount(_Plain):
    """A finite, non-negative :class:`decimal.Decimal`, or None."""

    __slots__ = ()
    check = staticmethod(_optional_amount)
    value_schema: ClassVar[dict[str, Any]] = {"$ref": "#/$defs/decimal"}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_zero"] = decimal.Decimal(0)
        return f"{var}.is_finite() and {var} >= _zero"


def _fraction(instance: object, attribute: Attribute, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, decimal.Decimal):
        raise type_error(attribute.name, "decimal.Decimal or None", value)
    if not value.is_finite() or not 0 < value <= 1:
        raise InvalidValueError(attribute.name, f"{value} is not a fraction in (0, 1]")


class Fraction(_Plain):
    """A :class:`decimal.Decimal` in (0, 1], or None."""

    __slots__ = ()
    check = staticmethod(_fraction)
    value_schema: ClassVar[dict[str, Any]] = {"$ref": "#/$defs/fraction"}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        env["_zero"], env["_one"] = decimal.Decimal(0), decimal.Decimal(1)
        return f"{var}.is_finite() and _zero < {var} <= _one"


class InstanceOf(Validator):
    """An instance of *kind* (or None, if *optional*)."""

    __slots__ = ("kind", "optional")

    def __init__(self, kind: type, *, optional: bool = False) -> None:
        self.kind = kind
        self.optional = optional
        super().__init__()

    def _function(self) -> Check:
        kind, optional = self.kind, self.optional
        expected = kind.__name__ + (" or None" if optional else "")

        def check(instance: object, attribute: Attribute, value: object) -> None:
            if value is None and optional:
                return
            if not isinstance(value, kind):
                raise type_error(attribute.name, expected, value)

        return check

    def __repr__(self) -> str:
        return f"InstanceOf({self.kind.__name__}, optional={self.optional})"

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        return "True"  # a value of the declared type is an instance of it


class EnumOf(Validator):
    """A member of the enumeration *kind*."""

    __slots__ = ("kind",)

    def __init__(self, kind: type[enum.Enum]) -> None:
        self.kind = kind
        super().__init__()

    def _function(self) -> Check:
        kind = self.kind

        def check(instance: object, attribute: Attribute, value: object) -> None:
            if not isinstance(value, kind):
                raise type_error(attribute.name, kind.__name__, value)

        return check

    def schema(self) -> dict[str, Any]:
        return {"enum": [m.value for m in self.kind]}

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str:
        return "True"  # a value of the declared type is a member

    def __repr__(self) -> str:
        return f"EnumOf({self.kind.__name__})"


class TupleOf(Validator):
    """A tuple of *kind* items.

    *nonempty*: at least one item; *unique*: no item twice (items with an
    ``id`` compare by it); *item*: a validator each item must also pass
    (texts are checked for UTF-8 in any case).
    """

    __slots__ = ("item", "kind", "nonempty", "unique")

    def __init__(
        self,
        kind: type | tuple[type, ...],
        *,
        nonempty: bool = False,
        unique: bool = False,
        item: Validator | None = None,
    ) -> None:
        self.kind = kind
        self.nonempty = nonempty
        self.unique = unique
        self.item = item
        super().__init__()

    def _function(self) -> Check:
        kind, nonempty, unique = self.kind, self.nonempty, self.unique
        item_check = self.item.fn if self.item is not None else None
        texts = kind is str
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)

        def check(instance: object, attribute: Attribute, value: object) -> None:
            if type(value) is not tuple and not isinstance(value, tuple):
                raise type_error(attribute.name, f"a tuple of {names}", value)
            for item in value:
                if not isinstance(item, kind):
                    i = next(n for n, x in enumerate(value) if not isinstance(x, kind))
                    raise type_error(f"{attribute.name}[{i}]", names, value[i])
            if not value:
                if nonempty:
                    raise InvalidValueError(
                        attribute.name, "is an empty list; at least one is required"
                    )
                return
            if item_check is not None:
                for i, item in enumerate(value):
                    try:
                        item_check(instance, attribute, item)
                    except (InvalidValueError, InvalidTypeError) as exc:
                        raise type(exc)(f"{attribute.name}[{i}]", exc.reason) from None
            elif texts:
                for i, item in enumerate(value):
                    if not item.isascii():
                        check_utf8(f"{attribute.name}[{i}]", item)
            if (
                unique
                and len(value) > 1
                and len({getattr(item, "id", item) for item in value}) != len(value)
            ):
                seen: set[Any] = set()
                for key in [getattr(item, "id", item) for item in value]:
                    if key in seen:
                        raise InvalidValueError(attribute.name, f"{key!r} is listed twice")
                    seen.add(key)

        return check

    def inline(self, var: str, env: dict[str, Any], keys: str | None = None) -> str | None:
        if not isinstance(self.kind, type):
            return None
        parts = [var] if self.nonempty else []
        # no comprehension where map() serves, and none for an empty tuple:
        # this runs for every list of every record read
        if self.item is not None:
            test = self.item.predicate(env)
            if test is not None:
                parts.append(f"all(map({test}, {var}))")
            else:
                each = self.item.inline("_x", env)
                if each is None:
                    return None
                parts.append(f"(not {var} or all([{each} for _x in {var}]))")
        elif self.kind is str:
            env["_utf8"] = utf8_ok
            parts.append(f"(not {var} or all([_x.isascii() or _utf8(_x) for _x in {var}]))")
        if self.unique:
            keyed = attrs.has(self.kind) and "id" in attrs.fields_dict(self.kind)
            if keys is not None and keyed:
                found = keys  # the ids the objects were read from, one object per id
            elif keyed:
                env["_id_of"] = operator.attrgetter("id")
                found = f"map(_id_of, {var})"
            else:
                found = var
            parts.append(f"(len({var}) < 2 or len({{*{found}}}) == len({var}))")
        return " and ".join(f"({p})" for p in parts) or "True"

    def array_facts(self) -> dict[str, Any]:
        """The JSON Schema keywords of the array (not of its items)."""
        facts: dict[str, Any] = {}
        if self.unique:
            facts["uniqueItems"] = True
        if self.nonempty:
            facts["minItems"] = 1
        return facts

    def __repr__(self) -> str:
        names = (
            self.kind.__name__
            if isinstance(self.kind, type)
            else " or ".join(k.__name__ for k in self.kind)
        )
        return (
            f"TupleOf({names}, nonempty={self.nonempty}, unique={self.unique}, item={self.item!r})"
        )
