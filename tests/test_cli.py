"""The command line: outputs, exit codes, messages, atomic and reproducible writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from projector import __version__
from projector.cli import cli
from projector.scenario import json_schema
from projector.writers.xlsx import workbook

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny.yaml"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The installed entry point in a subprocess: real exit codes, real stderr."""
    return subprocess.run(
        [sys.executable, "-c", "from projector.cli import main; main()", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def test_run_writes_workbook_and_json(tmp_path):
    result = CliRunner().invoke(cli, ["-q", "run", str(TINY), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tiny.xlsx").stat().st_size > 0
    data = json.loads((tmp_path / "tiny.json").read_text())
    assert data["scenario"]["name"] == "Tiny"


def test_same_input_gives_byte_identical_files(tmp_path):
    for out in ("a", "b"):
        assert (
            CliRunner().invoke(cli, ["-q", "run", str(TINY), "-o", str(tmp_path / out)]).exit_code
            == 0
        )
    for name in ("tiny.xlsx", "tiny.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_bad_input_exits_1_with_located_message_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(TINY.read_text().replace("conversion: 5%", "conversion: 4.29"))
    done = run_cli("run", str(bad), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert (
        f"{bad}:8:60: acquisition.channels[0].conversion: expected a share between 0 and 1, "
        'got 4.29 (did you mean "4.29%"?)'
    ) in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_key_gets_a_suggestion(tmp_path):
    bad = tmp_path / "typo.yaml"
    bad.write_text(TINY.read_text().replace("churn: 5%", "churn: 5%, chrun: 1%"))
    done = run_cli("validate", str(bad))
    assert done.returncode == 1
    assert "customers.chrun: unknown key 'chrun' (did you mean 'churn'?)" in done.stderr


def test_validate_accepts_every_example():
    done = run_cli("validate", *map(str, sorted((ROOT / "scenarios").glob("*.yaml"))))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ok: ") == 5


def test_missing_file_and_usage_errors():
    assert run_cli("run", "nope.yaml").returncode == 1
    assert "nope.yaml" in run_cli("run", "nope.yaml").stderr
    assert run_cli("frobnicate").returncode == 2
    assert run_cli("run").returncode == 2


def test_failure_midway_keeps_earlier_outputs_and_leaves_no_partial_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["-q", "run", str(TINY), "-o", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(p, path, kpis=()):
        Path(path).write_bytes(b"half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr(workbook, "write_workbook", broken)
    changed = TINY.read_text().replace("aov: 50", "aov: 60")
    (tmp_path / "tiny.yaml").write_text(changed)
    result = CliRunner().invoke(cli, ["-q", "run", str(tmp_path / "tiny.yaml"), "-o", str(out)])
    assert result.exit_code != 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_internal_errors_exit_3_without_traceback(monkeypatch, capsys):
    from projector import cli as cli_module

    monkeypatch.setattr(cli_module.pipeline, "run", lambda *a, **k: 1 / 0)
    monkeypatch.setattr(sys, "argv", ["projector", "run", str(TINY)])
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and "Traceback" not in err


def test_version_and_help():
    assert __version__ in CliRunner().invoke(cli, ["--version"]).output
    for command in ("run", "validate", "schema"):
        help_text = CliRunner().invoke(cli, [command, "--help"]).output
        assert "Example:" in help_text


def test_committed_schema_is_current():
    """Regenerate with: projector schema > scenario.schema.json"""
    committed = json.loads((ROOT / "scenario.schema.json").read_text())
    assert committed == json_schema()
    printed = CliRunner().invoke(cli, ["schema"]).output
    assert json.loads(printed) == committed


def test_examples_point_editors_at_the_schema():
    for path in (ROOT / "scenarios").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../scenario.schema.json", path


def test_show_prints_the_resolved_scenario_that_loads_back(tmp_path):
    child = FIXTURES / "inherit" / "child.yaml"
    result = CliRunner().invoke(cli, ["show", str(child)])
    assert result.exit_code == 0, result.output
    assert "extends" not in result.output
    resolved = tmp_path / "resolved.yaml"
    resolved.write_text(result.output)
    from projector.scenario import load

    assert load(resolved) == load(child)


@pytest.mark.parametrize(
    ("umask", "file_mode", "dir_mode"), [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)]
)
def test_outputs_and_their_folder_honour_the_umask(tmp_path, umask, file_mode, dir_mode):
    out = tmp_path / "new" / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import os; os.umask({umask}); from projector.cli import main; main()",
            "-q",
            "run",
            str(TINY),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    written = [Path(line) for line in done.stdout.split()]
    assert len(written) == 9
    assert {oct(p.stat().st_mode & 0o777) for p in written} == {oct(file_mode)}
    assert oct(out.stat().st_mode & 0o777) == oct(dir_mode)
    assert oct(out.parent.stat().st_mode & 0o777) == oct(dir_mode)


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbosity_flags_work_before_and_after_the_subcommand(tmp_path, where):
    args = ["run", str(TINY), "-o", str(tmp_path)]
    quiet = ["-q", *args] if where == "before" else [*args, "-q"]
    assert run_cli(*quiet).stderr == ""
    loud = run_cli(*args)
    assert "tiny.yaml: loading" in loud.stderr
    verbose = ["-v", "run", str(tmp_path / "missing.yaml")]
    if where == "after":
        verbose = ["run", str(tmp_path / "missing.yaml"), "-v"]
    done = run_cli(*verbose)
    assert done.returncode == 1
    assert "No such option" not in done.stderr
    assert "cannot read scenario file" in done.stderr
