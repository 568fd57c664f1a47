"""The command line, as a user runs it: every subcommand and exit code."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import subprocess
import sys

import attrs
import pytest

import kzcn_relations
from kzcn_relations.cli import main


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kzcn_relations", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        input=stdin,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], code: int) -> None:
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stdout == ""


def test_main_job_from_readme() -> None:
    """The README's first command prints China's investments readably."""
    done = run("investments", "--by", "China")
    assert done.returncode == 0, done.stderr
    assert "petrokazakhstan-acquisition-2005" in done.stdout
    assert "USD 4,180,000,000" in done.stdout
    assert all(len(line) <= 80 for line in done.stdout.splitlines())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("events", "1996", "1997", "--kind", "treaty"), "shanghai-five-founding-1996"),
        (("events", "1994-04", "1994-04", "--match", "within"), "li-peng-visit-1994"),
        (("agreements", "--with", "Kyrgyzstan"), "military-forces-reduction-1997"),
        (("agreements", "--with", "kgz", "--between", "2025", "2025"), "(1 record)"),
        (("investments", "--by", "CNPC", "--no-subsidiaries"), "atasu-alashankou-pipeline-built"),
        (("investments", "--by", "China Eximbank", "--total"), "USD 9,530,000,000"),
        (("investments", "--by", "China", "--total", "--group-by", "year"), "2009: USD"),
        (("owners", "mibv", "--as-of", "2010"), "kmg holds mibv: 0.5, 2009-04-15–"),
        (("holdings", "cnpc", "--as-of", "2010"), "via cnpc -> cnpc-ed -> mibv -> mmg"),
        (("trade", "--reporter", "China"), "chn; turnover USD 22,400,000,000"),
        (("trade", "--mixed"), "(38 records)"),
        (("places", "akmola"), "Nur-Sultan [en] 2019-03-23–2022-09-17"),
        (
            ("events", "1990", "2030", "--place", "Nur-Sultan", "--kind", "summit"),
            "sco-summit-astana-2005",
        ),
        (
            ("events", "2013", "2013", "--host", "kaz", "--kind", "visit"),
            "xi-jinping-state-visit-2013",
        ),
        (("events", "2019", "2019", "--guest", "kaz"), "tokayev-state-visit-2019"),
        (("agreements", "--with", "kgz", "--in-force-on", "2005-01-01"), "sco-charter-2002"),
        (("actors", "petro"), "petrokazakhstan"),
        (("actors",), "(164 actors)"),
        (("show", "visa-exemption-agreement-2023"), "in force:      2023-11-10"),
        (("sources", "aiddata"), "china.aiddata.org/projects/96062"),
        (("timeline", "2001", "2001"), "  06-15  organization"),
        (("cite",), "Dataset version 2026.12.0"),
        (("--version",), "(dataset 2026.12.0)"),
    ],
)
def test_subcommands(args: tuple[str, ...], expected: str) -> None:
    """Each subcommand answers its question, in 80 columns."""
    done = run(*args)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    assert all(len(line) <= 80 for line in done.stdout.splitlines())


def test_schema_subcommand() -> None:
    """schema prints the JSON Schema, the same as json_schema()."""
    done = run("schema")
    assert done.returncode == 0
    assert json.loads(done.stdout) == kzcn_relations.json_schema()


def test_empty_result_is_success() -> None:
    """No records is not an error."""
    done = run("events", "1950", "1960")
    assert done.returncode == 0
    assert "(no records)" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("events", "April 1994", "1995"), "not an ISO 8601 date"),
        (("events", "1999", "1994"), "start 1999 is after end 1994"),
        (("events", "1994", "1995", "--kind", "parade"), "'parade' is not a record kind"),
        (("events", "1994"), "the following arguments are required: end"),
        (("events", "1994", "1995", "--match", "maybe"), "invalid choice: 'maybe'"),
        (("agreements", "--with", "Kazakstan"), "did you mean 'Kazakhstan'"),
        (("agreements",), "the following arguments are required: --with"),
        (("investments", "--by", ""), "a name must not be empty"),
        (("show", "nope"), "no record has the id 'nope'"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        ((), "a command is required"),
    ],
)
def test_usage_errors(args: tuple[str, ...], message: str) -> None:
    """Usage errors: exit 2, one line on stderr, never a traceback."""
    done = run(*args)
    assert_one_line_error(done, 2)
    assert message in done.stderr


def test_invalid_data_file(tmp_path: pathlib.Path) -> None:
    """--data with a file that does not validate: exit 1, one line."""
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"format": 2, "dataset_version": "x", "actors": [], "sources": [{"id": "s1"}]})
    )
    done = run("events", "1994", "1995", "--data", str(bad))
    assert_one_line_error(done, 1)
    assert "$.sources[0].url" in done.stderr


def test_trade_refuses_to_mix_reporters() -> None:
    """Without --reporter or --mixed, a series of two reporters is a usage error."""
    done = run("trade")
    assert_one_line_error(done, 2)
    assert "name one, or pass mixed=True" in done.stderr


def test_migrate_rewrites_a_format_1_file(tmp_path: pathlib.Path) -> None:
    """migrate writes the current format; the result loads without a warning."""
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            {
                "format": 1,
                "dataset_version": "x",
                "actors": [{"id": "kaz", "name": "Kazakhstan", "kind": "state", "aliases": ["RK"]}],
                "sources": [{"id": "s1", "url": "https://example.org/", "title": "Page"}],
                "events": [
                    {
                        "id": "t",
                        "kind": "trade",
                        "date": "2014",
                        "title": "T",
                        "summary": "S",
                        "place": "Astana",
                        "participants": ["kaz"],
                        "amount": {"amount": "1", "currency": "USD"},
                        "sources": ["s1"],
                        "confidence": "low",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    new = tmp_path / "new.json"
    done = run("migrate", str(old), str(new))
    assert done.returncode == 0, done.stderr
    assert "format 2" in done.stdout
    doc = json.loads(new.read_text(encoding="utf-8"))
    assert doc["format"] == 2
    assert doc["trade"][0]["turnover"] == {"amount": "1", "currency": "USD"}
    assert doc["places"][0]["names"] == [{"text": "Astana", "lang": "und"}]
    assert kzcn_relations.load(new).actor("RK").id == "kaz"


def test_missing_data_file(tmp_path: pathlib.Path) -> None:
    """An unreadable --data file is exit 1 with one line."""
    done = run("--data", str(tmp_path / "nope.json"), "actors")
    assert_one_line_error(done, 1)
    assert "No such file" in done.stderr


def test_validate(tmp_path: pathlib.Path) -> None:
    """validate: exit 0 for a good file; exit 1 and every problem for a bad one."""
    good = tmp_path / "good.json"
    assert run("export", "--format", "json", str(good)).returncode == 0
    done = run("validate", str(good))
    assert done.returncode == 0 and "valid" in done.stdout
    doc = json.loads(good.read_text(encoding="utf-8"))
    doc["events"][0]["date"] = "1994-13"
    doc["agreements"][0]["parties"] = ["nobody"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    done = run("validate", str(bad))
    assert done.returncode == 1
    assert "$.events[0].date" in done.stderr
    assert "$.agreements[0].parties[0]" in done.stderr
    assert "Traceback" not in done.stderr


def test_json_output_loads_back(tmp_path: pathlib.Path) -> None:
    """--format json is a dataset document: load() gives the same records."""
    done = run("investments", "--by", "China", "--format", "json")
    path = tmp_path / "out.json"
    path.write_text(done.stdout, encoding="utf-8")
    again = kzcn_relations.load(path)
    found = kzcn_relations.investments_by("China")
    ids = {r.id for r in found}

    # links to records outside the result are dropped, so the file loads
    def cut(r: kzcn_relations.Investment) -> kzcn_relations.Investment:
        part_of = r.part_of if r.part_of in ids else None
        return attrs.evolve(r, related=tuple(x for x in r.related if x in ids), part_of=part_of)

    assert again.records == tuple(cut(r) for r in found)
    assert run("--data", str(path), "investments", "--by", "China").returncode == 0


def test_export_json_is_the_whole_dataset(tmp_path: pathlib.Path) -> None:
    """export --format json round-trips the packaged dataset."""
    path = tmp_path / "all.json"
    assert run("export", "--format", "json", str(path)).returncode == 0
    assert kzcn_relations.load(path).to_dict() == kzcn_relations.dataset().to_dict()


def test_jsonl_lines_structure_back() -> None:
    """Each jsonl line is a record's unstructured form."""
    from kzcn_relations.converters import make_converter
    from kzcn_relations.model import Agreement

    done = run("agreements", "--with", "Russia", "--format", "jsonl")
    conv = make_converter(kzcn_relations.dataset())
    records = [conv.structure(json.loads(line), Agreement) for line in done.stdout.splitlines()]
    assert tuple(records) == kzcn_relations.agreements_with("Russia")


def test_csv_opens_with_csv_and_pandas() -> None:
    """--format csv reads with the csv module and with pandas, one row a record."""
    import pandas as pd

    done = run("events", "2009", "2009", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    expected = kzcn_relations.events_between(2009, 2009)
    assert [r["id"] for r in rows] == [r.id for r in expected]
    frame = pd.read_csv(io.StringIO(done.stdout), dtype=str)
    assert list(frame["id"]) == [r.id for r in expected]
    loan = frame.set_index("id").loc["cnpc-kmg-loan-2009"]
    assert loan["amount"] == "5000000000" and loan["investors"] == "cnpc"


def test_export_datapackage(tmp_path: pathlib.Path) -> None:
    """export --format datapackage writes a descriptor and the tables."""
    done = run("export", "--format", "datapackage", str(tmp_path / "pkg"))
    assert done.returncode == 0
    names = {p.name for p in (tmp_path / "pkg").iterdir()}
    assert {"datapackage.json", "records.csv", "actors.csv", "sources.csv"} <= names


def test_every_subcommand_has_help_with_example() -> None:
    """--help for every subcommand shows an example."""
    for sub in (
        "events",
        "agreements",
        "investments",
        "actors",
        "show",
        "sources",
        "timeline",
        "export",
        "validate",
        "schema",
        "cite",
    ):
        done = run(sub, "--help")
        assert done.returncode == 0, sub
        assert "example: kzcn-relations" in done.stdout, sub


def test_in_process_main(capsys: pytest.CaptureFixture[str]) -> None:
    """main() returns the exit status instead of exiting."""
    assert main(["actors", "tokayev"]) == 0
    assert "Kassym-Jomart Tokayev" in capsys.readouterr().out
    assert main(["show", "nope"]) == 2


def test_show_suggests_close_ids() -> None:
    """show with an unknown id: exit 2, one line, the dataset's close ids as a hint."""
    done = run("show", "petrokazakhstan-acquisition-200")
    assert_one_line_error(done, 2)
    assert "did you mean" in done.stderr
    assert "petrokazakhstan-acquisition-2005" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--data", "DATA", "events", "2009", "2009"),
        ("events", "2009", "2009", "--data", "DATA"),
        ("--data", "DATA", "cite"),
        ("cite", "--data", "DATA"),
        ("export", "--data", "DATA", "--format", "jsonl"),
        ("timeline", "2009", "2009", "--kind", "loan", "--format", "csv"),
        ("agreements", "--with", "kgz", "--between", "1996", "1997", "--format", "jsonl"),
    ],
)
def test_shared_options_where_accepted(args: tuple[str, ...]) -> None:
    """--data, --format, --between and --kind work wherever they are offered."""
    data = str(pathlib.Path(kzcn_relations.__file__).parent / "_data" / "relations.json")
    done = run(*(data if a == "DATA" else a for a in args))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("validate", "x.json", "--data", "y.json"), "unrecognized arguments: --data"),
        (("schema", "--format", "json"), "unrecognized arguments: --format"),
        (("cite", "--format", "json"), "invalid choice: 'json'"),
        (("export", "--format", "table"), "invalid choice: 'table'"),
        (("events", "1994", "1995", "--format", "datapackage"), "invalid choice"),
        (("actors", "--between", "1994", "1995"), "unrecognized arguments: --between"),
    ],
)
def test_options_where_not_offered(args: tuple[str, ...], message: str) -> None:
    """A subcommand rejects the shared options it does not take: exit 2, one line."""
    done = run(*args)
    assert_one_line_error(done, 2)
    assert message in done.stderr


def test_json_output_is_the_subset_document(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints Dataset.subset(found).to_dict()."""
    ds = kzcn_relations.dataset()
    assert main(["events", "2009", "2009", "--format", "json"]) == 0
    expected = ds.subset(ds.events_between(2009, 2009)).to_dict()
    assert json.loads(capsys.readouterr().out) == expected


def test_total_formats(capsys: pytest.CaptureFixture[str]) -> None:
    """--total prints totals() per currency, and what it left out, in each format."""
    from decimal import Decimal

    result = kzcn_relations.totals(kzcn_relations.investments_by("China"))
    expected = result.by_currency()
    assert expected and result.left_out
    assert main(["investments", "--by", "China", "--total", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {s["currency"]: Decimal(s["amount"]) for s in data["sums"]} == expected
    assert [(x["id"], x["reason"]) for x in data["left_out"]] == [
        (x.id, x.reason) for x in result.left_out
    ]
    assert main(["investments", "--by", "China", "--total", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["currency"]: Decimal(r["amount"]) for r in rows} == expected
    assert main(["investments", "--by", "China", "--total", "--group-by", "basis"]) == 0
    text = capsys.readouterr().out
    assert "principal: USD" in text and "left out" in text
    assert main(["investments", "--by", "China", "--total", "--count-all", "--format", "json"]) == 0
    wide = json.loads(capsys.readouterr().out)
    # counting every basis and status, only missing amounts and parts of
    # counted records are left out
    assert all(
        x["reason"] == "no amount"
        or (x["reason"].startswith("part of ") and x["reason"].endswith(", which is counted"))
        for x in wide["left_out"]
    )


def test_timeline_without_dates_covers_everything(capsys: pytest.CaptureFixture[str]) -> None:
    """Both dates of timeline are optional, as documented: all records then."""
    assert main(["timeline"]) == 0
    out = capsys.readouterr().out
    assert f"\n({len(kzcn_relations.dataset())} records; + marks a span" in out


def test_panel_command(capsys: pytest.CaptureFixture[str]) -> None:
    """panel prints the dyad-year table: a summary, or every column as csv/json/jsonl."""
    from decimal import Decimal

    table = kzcn_relations.panel(start=2012, end=2014)
    assert main(["panel", "--start", "2012", "--end", "2014", "--format", "csv"]) == 0
    assert capsys.readouterr().out == table.to_csv()
    assert main(["panel", "--start", "2012", "--end", "2014", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["year"] for r in rows] == [2012, 2013, 2014]
    assert rows[1]["trade_chn_reported_usd"] == "28600000000"
    assert rows[2]["trade_kaz_reported_usd"] is None
    assert [
        {c: Decimal(v) if v is not None and "_usd" in c else v for c, v in r.items()} for r in rows
    ] == table.to_dicts()
    assert main(["panel", "--start", "2012", "--end", "2014", "--format", "jsonl"]) == 0
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == rows
    assert main(["panel", "--start", "2013", "--end", "2013"]) == 0
    text = capsys.readouterr().out
    (line,) = [ln for ln in text.splitlines() if ln.startswith("2013 ")]
    assert line.split()[:3] == ["2013", "22.53", "28.60"]
    assert f"all {len(table.columns)} columns" in text
    assert all(len(ln) <= 80 for ln in text.splitlines())
    assert_one_line_error(run("panel", "--start", "2014", "--end", "2013"), 2)
    assert_one_line_error(run("panel", "--start", "soon"), 2)


def test_export_sqlite(tmp_path: pathlib.Path) -> None:
    """export --format sqlite PATH writes a new database; it never replaces a file."""
    import sqlite3

    path = tmp_path / "out" / "kzcn.db"
    done = run("export", "--format", "sqlite", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {path}"
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT count(*) FROM records").fetchone() == (
            len(kzcn_relations.dataset()),
        )
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        found = db.execute("SELECT id FROM records_fts WHERE records_fts MATCH 'uranium'")
        assert "snurdc-zarechnoye-stake-2024" in {i for (i,) in found}
    finally:
        db.close()
    before = path.read_bytes()
    again = run("export", "--format", "sqlite", str(path))
    assert_one_line_error(again, 2)
    assert "exists" in again.stderr
    assert path.read_bytes() == before
    assert_one_line_error(run("export", "--format", "sqlite"), 2)


def test_export_csv_for_spreadsheets_and_parquet(tmp_path: pathlib.Path) -> None:
    """--encoding utf-8-sig writes the byte order mark; parquet reads back as Arrow."""
    import pyarrow.parquet as pq

    from kzcn_relations.export import to_arrow

    out = tmp_path / "records.csv"
    assert main(["export", "--format", "csv", "--encoding", "utf-8-sig", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [r.id for r in kzcn_relations.dataset().records]
    table = tmp_path / "records.parquet"
    assert main(["export", "--format", "parquet", str(table)]) == 0
    assert pq.read_table(table).equals(to_arrow(kzcn_relations.dataset().records))
    assert main(["export", "--format", "parquet"]) == 2
    assert main(["export", "--format", "json", "--encoding", "utf-8-sig"]) == 2


@pytest.mark.parametrize("fmt", ["text", "bibtex", "csl-json", "ris"])
def test_cite_formats(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """cite --format prints cite(format=...): text wrapped to 80 columns, the others as they are."""
    assert main(["cite", "--format", fmt]) == 0
    out = capsys.readouterr().out.rstrip("\n")
    expected = kzcn_relations.cite(format=fmt)
    if fmt == "text":
        assert " ".join(out.split()) == expected
        assert all(len(line) <= 80 for line in out.splitlines())
    else:
        assert out == expected
    if fmt == "csl-json":
        assert json.loads(out)[0]["version"] == "2026.12.0"


def test_cite_a_record(capsys: pytest.CaptureFixture[str]) -> None:
    """cite RECORD: its sources as a numbered list, then the dataset; URLs stay whole."""
    record = kzcn_relations.dataset().record("petrokazakhstan-acquisition-2005")
    assert main(["cite", record.id]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert [s.url for s in record.sources] == [w for w in out.split() if w.startswith("http")]
    assert all(len(line) <= 80 or line.lstrip().startswith("http") for line in lines)
    numbered = [line.split(". ", 1)[0] for line in lines if not line.startswith(" ")]
    assert numbered == [str(n) for n in range(1, len(record.sources) + 2)]
    assert "Dataset version 2026.12.0" in " ".join(out.split())
    assert main(["cite", "--format", "ris", record.id]) == 0
    assert capsys.readouterr().out.rstrip("\n") == kzcn_relations.cite(record, format="ris")


def test_cite_a_record_of_another_file(tmp_path: pathlib.Path) -> None:
    """cite --data FILE RECORD cites the record with that file's dataset version."""
    ds = kzcn_relations.dataset()
    document = ds.subset([ds.record("li-peng-visit-1994")]).to_dict()
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({**document, "dataset_version": "7.0"}), encoding="utf-8")
    done = run("cite", "--data", str(path), "--format", "bibtex", "li-peng-visit-1994")
    assert done.returncode == 0, done.stderr
    assert "@misc{s13," in done.stdout and "@misc{kzcn-relations-7.0," in done.stdout
    assert "version = {7.0}" in done.stdout


def test_cite_an_unknown_record() -> None:
    """cite with an unknown id: exit 2, one line, close ids as a hint."""
    done = run("cite", "li-peng-visit-199")
    assert_one_line_error(done, 2)
    assert "no record has the id 'li-peng-visit-199'" in done.stderr
    assert "li-peng-visit-1994" in done.stderr
