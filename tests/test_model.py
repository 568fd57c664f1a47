"""The model classes: parsing, validation, ordering and immutability."""

from __future__ import annotations

import datetime as dt
import decimal

import attrs
import pytest

from kzcn_relations import (
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    Confidence,
    Event,
    EventKind,
    Investment,
    InvestmentKind,
    Money,
    Name,
    NameKind,
    PartialDate,
    Place,
    PlaceKind,
    Precision,
    Source,
)

SRC = Source(id="s1", url="https://example.org/", title="Example")
KAZ = Actor(id="kaz", name="Kazakhstan", kind=ActorKind.STATE, country="KAZ")


class TestPartialDate:
    @pytest.mark.parametrize(
        ("text", "precision", "earliest", "latest"),
        [
            ("1994", Precision.YEAR, dt.date(1994, 1, 1), dt.date(1994, 12, 31)),
            ("1994-02", Precision.MONTH, dt.date(1994, 2, 1), dt.date(1994, 2, 28)),
            ("2024-02", Precision.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
            ("1994-04-26", Precision.DAY, dt.date(1994, 4, 26), dt.date(1994, 4, 26)),
        ],
    )
    def test_parse(
        self, text: str, precision: Precision, earliest: dt.date, latest: dt.date
    ) -> None:
        """Each precision covers its whole period and prints back the same."""
        d = PartialDate.parse(text)
        assert (d.precision, d.earliest, d.latest) == (precision, earliest, latest)
        assert str(d) == text
        assert repr(d) == f"PartialDate({text!r})"

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("1994-13", "month: 13 is not in 1..12"),
            ("1994-02-30", "1994-02 has no day 30"),
            ("2023-02-29", "2023-02 has no day 29"),
            ("1994-00", "month: 0 is not in 1..12"),
            ("0000", "year: 0 is not in 1..9999"),
            ("April 1994", "not an ISO 8601 date"),
            ("1994-4", "not an ISO 8601 date"),
            ("1994/04", "not an ISO 8601 date"),
            (" 1994", "not an ISO 8601 date"),
            ("1994-04-26T00:00", "not an ISO 8601 date"),
            ("١٩٩٤", "not an ISO 8601 date"),
        ],
    )
    def test_rejects(self, text: str, message: str) -> None:
        """Only the three strict forms of real dates parse."""
        with pytest.raises(ValueError, match=message):
            PartialDate.parse(text)

    def test_parse_rejects_non_strings(self) -> None:
        """parse() takes strings only."""
        with pytest.raises(TypeError, match="expected an ISO 8601 string"):
            PartialDate.parse(1994)  # type: ignore[arg-type]

    def test_constructor_checks(self) -> None:
        """A day needs a month; bool is not a year."""
        with pytest.raises(ValueError, match="a day needs a month"):
            PartialDate(1994, None, 3)
        with pytest.raises(TypeError, match="year: expected int"):
            PartialDate(True)

    def test_order(self) -> None:
        """Dates order by first day; of those starting on one day, the shorter first."""
        dates = [PartialDate(1994, 4, 26), PartialDate(1994, 4), PartialDate(1994)]
        assert sorted(dates) == [
            PartialDate(1994),
            PartialDate(1994, 4),
            PartialDate(1994, 4, 26),
        ]

    @pytest.mark.parametrize("year", [1994, 2019, 2000])
    def test_order_of_a_year_and_its_first_month_and_day(self, year: int) -> None:
        """The documented order: 2019-01-01, then 2019-01, then 2019 (shorter first)."""
        day, month, whole = PartialDate(year, 1, 1), PartialDate(year, 1), PartialDate(year)
        assert day < month < whole
        assert sorted([whole, month, day]) == [day, month, whole]
        assert sorted([month, whole, day], reverse=True) == [whole, month, day]

    def test_from_date(self) -> None:
        """A datetime.date becomes a day; a datetime is refused."""
        assert PartialDate.from_date(dt.date(2001, 6, 15)) == PartialDate(2001, 6, 15)
        with pytest.raises(TypeError):
            PartialDate.from_date(dt.datetime(2001, 6, 15))  # noqa: DTZ001


class TestMoney:
    def test_valid(self) -> None:
        """Exact decimals, printed with separators."""
        m = Money(decimal.Decimal("4180000000"), "USD")
        assert str(m) == "USD 4,180,000,000"

    @pytest.mark.parametrize(
        ("amount", "currency", "error", "message"),
        [
            (decimal.Decimal("-1"), "USD", ValueError, "not a finite amount >= 0"),
            (decimal.Decimal("NaN"), "USD", ValueError, "not a finite amount"),
            (1.5, "USD", TypeError, "expected decimal.Decimal"),
            (decimal.Decimal("1"), "usd", ValueError, "not an ISO 4217"),
            (decimal.Decimal("1"), "XYZ", ValueError, "not an ISO 4217"),
        ],
    )
    def test_invalid(
        self, amount: object, currency: str, error: type[Exception], message: str
    ) -> None:
        """Negative, non-decimal and unknown-currency amounts are refused."""
        with pytest.raises(error, match=message):
            Money(amount, currency)  # type: ignore[arg-type]


def _event(**changes: object) -> Event:
    fields: dict[str, object] = {
        "id": "e",
        "kind": EventKind.VISIT,
        "date": PartialDate(1994, 4),
        "title": "T",
        "summary": "S",
        "participants": (KAZ,),
        "sources": (SRC,),
        "confidence": Confidence.HIGH,
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


class TestRecords:
    def test_period(self) -> None:
        """A record's period runs from date.earliest to (end or date).latest."""
        e = _event(end=PartialDate(1994, 5, 2))
        assert e.period == (dt.date(1994, 4, 1), dt.date(1994, 5, 2))
        assert _event().period == (dt.date(1994, 4, 1), dt.date(1994, 4, 30))

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"sources": ()}, "sources: is an empty list; at least one is required"),
            ({"participants": ()}, "participants: is an empty list"),
            ({"end": PartialDate(1994, 3)}, "end: 1994-03 is before date 1994-04"),
            ({"id": "Not A Slug"}, "is not a slug"),
            ({"title": "  "}, "title: must not be blank, got '  '"),
            ({"related": ("e",)}, "cannot relate to itself"),
            ({"sources": (SRC, SRC)}, "'s1' is listed twice"),
            ({"participants": ("kaz",)}, r"participants\[0\]: expected Actor"),
            ({"confidence": "high"}, "confidence: expected Confidence"),
        ],
    )
    def test_invalid(self, changes: dict[str, object], message: str) -> None:
        """Constructors name the field at fault."""
        with pytest.raises((ValueError, TypeError), match=message):
            _event(**changes)

    def test_stake_bounds(self) -> None:
        """A stake is a fraction in (0, 1]."""
        common = {
            "id": "i",
            "kind": InvestmentKind.ACQUISITION,
            "date": PartialDate(2005),
            "title": "T",
            "summary": "S",
            "investors": (KAZ,),
            "sources": (SRC,),
            "confidence": Confidence.HIGH,
        }
        assert Investment(stake=decimal.Decimal(1), **common).stake == 1  # type: ignore[arg-type]
        for bad in ("0", "1.01", "-0.5"):
            with pytest.raises(ValueError, match=r"not a fraction in \(0, 1\]"):
                Investment(stake=decimal.Decimal(bad), **common)  # type: ignore[arg-type]

    def test_frozen_and_hashable(self) -> None:
        """Records are immutable values."""
        e = _event()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            e.title = "x"  # type: ignore[misc]
        assert e == _event() and hash(e) == hash(_event())
        assert {e, _event()} == {e}

    def test_actors(self) -> None:
        """actors() lists every actor named, once."""
        chn = Actor(id="chn", name="China", kind=ActorKind.STATE, country="CHN")
        a = Agreement(
            id="a",
            kind=AgreementKind.TREATY,
            date=PartialDate(1994),
            title="T",
            summary="S",
            parties=(KAZ, chn),
            signatories=(chn,),
            sources=(SRC,),
            confidence=Confidence.HIGH,
        )
        assert a.actors() == (KAZ, chn)


def test_actor_names_and_country() -> None:
    """Names carry languages; name_in picks one; country must be ISO alpha-3."""
    xi = Actor(
        id="xi",
        name="Xi Jinping",
        kind=ActorKind.PERSON,
        names=(
            Name("习近平", "zh-Hans", NameKind.OFFICIAL),
            Name("Си Цзиньпин", "ru"),
            Name("Ши Цзиньпин", "kk"),
        ),
    )
    assert xi.name_in("zh-Hans") == xi.name_in("zh") == "习近平"
    assert xi.name_in("en") == "Xi Jinping"
    assert xi.name_in("kk-Latn") is None
    assert xi.aliases == ("习近平", "Си Цзиньпин", "Ши Цзиньпин")
    with pytest.raises(ValueError, match="not an ISO 3166-1 alpha-3"):
        Actor(id="x", name="X", kind=ActorKind.STATE, country="KZ")
    with pytest.raises(ValueError, match="not a BCP 47 language tag"):
        Name("X", "English")
    with pytest.raises(TypeError, match="unexpected keyword argument 'parent'"):
        Actor(id="x", name="X", kind=ActorKind.STATE, parent="cnpc")  # type: ignore[call-arg]


def test_place_names_over_time() -> None:
    """A place's dated names of one language follow each other and never overlap."""
    astana = Place(
        "astana",
        PlaceKind.CITY,
        (
            Name("Akmola", "en", start=PartialDate(1992), end=PartialDate(1998, 5, 6)),
            Name("Astana", "en", start=PartialDate(1998, 5, 6), end=PartialDate(2019, 3, 23)),
            Name("Nur-Sultan", "en", start=PartialDate(2019, 3, 23), end=PartialDate(2022, 9, 17)),
            Name("Astana", "en", start=PartialDate(2022, 9, 17)),
            Name("Астана", "kk"),
        ),
    )
    assert astana.name == "Astana"
    assert [astana.name_on(d) for d in ("1997-06", "2005", "2020-01-01", "2024")] == [
        "Akmola",
        "Astana",
        "Nur-Sultan",
        "Astana",
    ]
    assert astana.name_on("2020", "kk") == "Астана"
    assert astana.name_on("1990") is None
    with pytest.raises(ValueError, match="overlaps in time with 'Akmola'"):
        Place(
            "x",
            PlaceKind.CITY,
            (
                Name("Akmola", "en", end=PartialDate(1998)),
                Name("Astana", "en", start=PartialDate(1997)),
            ),
        )
