"""The command line: output, exit codes, and one-line errors."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from kzcn_relations.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kzcn_relations", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_main_job_from_readme() -> None:
    """The README's first command prints China's investments readably."""
    done = run("investments", "--by", "China")
    assert done.returncode == 0, done.stderr
    assert "CNPC buys PetroKazakhstan" in done.stdout
    assert "USD 4,180,000,000" in done.stdout
    assert all(len(line) <= 80 for line in done.stdout.splitlines())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("events", "1996", "1997", "--kind", "treaty"), "shanghai-five"),
        (("agreements", "--with", "Kyrgyzstan"), "mutual reduction of military"),
        (("investments", "--by", "CNPC", "--no-subsidiaries"), "Atasu"),
        (("actor", "KZ"), "kaz: Republic of Kazakhstan"),
        (("actor", "CNPCI"), "owned by: cnpc"),
    ],
)
def test_queries(args: tuple[str, ...], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each subcommand answers its question."""
    assert main(list(args)) == 0
    out = capsys.readouterr().out
    assert expected.lower() in out.lower()


def test_empty_result_is_success(capsys: pytest.CaptureFixture[str]) -> None:
    """No records is not an error."""
    assert main(["events", "1950", "1960"]) == 0
    assert "(no records)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("events", "April 1994", "1995"), "not an ISO 8601 date"),
        (("events", "1999", "1994"), "start 1999 is after end 1994"),
        (("events", "1994", "1995", "--kind", "parade"), "'parade' is not a record kind"),
        (("agreements", "--with", "Kazakstan"), "did you mean 'Kazakhstan'"),
    ],
)
def test_usage_errors(args: tuple[str, ...], message: str) -> None:
    """Bad input: exit 2 and one line on stderr, never a traceback."""
    done = run(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_invalid_data_file(tmp_path: pathlib.Path) -> None:
    """--data with a file that does not validate: exit 1, problems with paths."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": 1, "dataset_version": "x",
                               "actors": [], "sources": [{"id": "s1"}]}))
    done = run("--data", str(bad), "events", "1994", "1995")
    assert done.returncode == 1
    assert "$.sources[0].url" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_data_file(tmp_path: pathlib.Path) -> None:
    """An unreadable --data file is exit 1 with one line."""
    done = run("--data", str(tmp_path / "nope.json"), "actor", "kaz")
    assert done.returncode == 1
    assert "cannot read" in done.stderr


def test_help_has_examples() -> None:
    """Every subcommand's --help shows an example."""
    for sub in ("events", "agreements", "investments", "actor"):
        done = run(sub, "--help")
        assert done.returncode == 0
        assert "example: kzcn-relations" in done.stdout
