"""The package as installed: version, wheel contents, lazy loading, CI."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import pathlib
import re
import subprocess
import sys
import zipfile

import pytest

import kzcn_relations

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_version_matches_metadata() -> None:
    """__version__ is the installed distribution's version."""
    assert kzcn_relations.__version__ == importlib.metadata.version("kzcn-relations")


def test_dataset_version_is_separate() -> None:
    """The dataset carries its own version, distinct from the package's."""
    version = kzcn_relations.dataset().version
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d+", version)
    assert version != kzcn_relations.__version__


def test_public_names() -> None:
    """__all__ is sorted and every name in it exists."""
    assert kzcn_relations.__all__ == sorted(kzcn_relations.__all__)
    for name in kzcn_relations.__all__:
        assert hasattr(kzcn_relations, name)


def test_import_reads_nothing() -> None:
    """Importing the package does not load the dataset (no I/O at import)."""
    code = (
        "import kzcn_relations, kzcn_relations._io as d;"
        "assert d._read_once.cache_info().currsize == 0;"
        "kzcn_relations.events_between(1994, 1994);"
        "assert d._read_once.cache_info().currsize == 1"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_resource_readable() -> None:
    """The packaged JSON is a package resource."""
    data = importlib.resources.files("kzcn_relations").joinpath("_data", "relations.json")
    assert data.read_bytes().startswith(b"{")


@pytest.mark.slow
def test_wheel_contains_and_loads_the_dataset(tmp_path: pathlib.Path) -> None:
    """A built wheel holds the dataset, and the package loads it from the zip."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("kzcn_relations-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert "kzcn_relations/_data/relations.json" in names
    assert "kzcn_relations/py.typed" in names
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import kzcn_relations as k;"
        "assert k.__file__.startswith(sys.argv[1]), k.__file__;"
        "ds = k.dataset(); print(len(ds))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code, str(wheel)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(done.stdout) == len(kzcn_relations.dataset())


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash|console)\n(.*?)```", text, re.S)
    assert block, "README has no set-up commands block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_has_exactly_two_setup_commands() -> None:
    """One command runs the main job, the other the whole test suite."""
    commands = _readme_commands()
    assert len(commands) == 2
    assert "kzcn_relations" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs exactly the README's test command."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci.splitlines()


RUN_COMMAND = "python -m pip install . && python -m kzcn_relations investments --by China"
TEST_COMMAND = 'python -m pip install -e ".[test]" && python -m pytest'


@pytest.mark.parametrize("name", ["CHANGELOG.md", "README.md"])
def test_top_level_files(name: str) -> None:
    """The changelog keeps an Unreleased section; the README gives the two commands.

    The README's set-up block is exactly the install-and-run command and the
    test command; the test command is what .ci/run runs and selects no
    marker, so it runs everything.  The fast subset is documented beside it,
    and every local link of the README points at a file that exists.
    """
    text = (ROOT / name).read_text(encoding="utf-8")
    if name == "CHANGELOG.md":
        assert "## Unreleased" in text
    else:
        assert _readme_commands() == [RUN_COMMAND, TEST_COMMAND]
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        assert TEST_COMMAND in ci
        assert 'python -m pytest -m "not slow"' in text
        links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text)
        assert links, "README links to no local file"
        for link in links:
            assert (ROOT / link).is_file(), link


def test_packaged_checksum_is_current() -> None:
    """The pinned checksum is the packaged file's (canonicalize.py writes it)."""
    import zlib

    from kzcn_relations._io import packaged_bytes
    from kzcn_relations._packaged import CHECKSUM

    data = packaged_bytes()
    assert (len(data), zlib.crc32(data)) == CHECKSUM


def test_fast_path_equals_full_loader() -> None:
    """The verified fast path builds exactly what the cattrs loader builds."""
    from kzcn_relations import Dataset, _jsonio, _trusted
    from kzcn_relations._io import packaged_bytes

    doc = _jsonio.parse_json(packaged_bytes(), "packaged")
    assert isinstance(doc, dict)
    fast = Dataset(**_trusted.build(doc))
    full = Dataset.from_dict(doc)
    assert fast.records == full.records
    assert fast.actors == full.actors and fast.sources == full.sources
    assert fast.to_dict() == full.to_dict()


def test_changed_file_takes_the_full_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that does not match the checksum is validated in full."""
    import kzcn_relations._io as d
    import kzcn_relations._packaged as p
    from kzcn_relations import Dataset

    calls: list[object] = []
    real = Dataset.from_dict

    def spy(doc: object, **kwargs: object) -> object:
        calls.append(doc)
        return real(doc, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(p, "CHECKSUM", (0, 0))
    monkeypatch.setattr(Dataset, "from_dict", spy)
    ds = d.read_packaged()
    assert calls and len(ds) == len(kzcn_relations.dataset())


def test_first_query_does_not_import_cattrs() -> None:
    """The first query on the packaged data needs neither cattrs nor its converter."""
    code = (
        "import sys, kzcn_relations; kzcn_relations.events_between(1994, 1994);"
        "print(sorted(m for m in ('cattrs', 'kzcn_relations.converters', 'importlib.resources')"
        " if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_public_name_has_a_home() -> None:
    """__all__ and the lazy import table list the same names."""
    assert set(kzcn_relations.__all__) == set(kzcn_relations._HOMES)
