"""The registry of outputs: each command lists what it writes, and `publish` stages every
output alike, all or nothing, whatever the output is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from projector import pipeline
from projector.errors import ProjectorError
from projector.pipeline import Background, Output

TINY = Path(__file__).parent / "fixtures" / "tiny.yaml"


@dataclass
class Fake:
    """The smallest context an output needs: the stem its files are named after."""

    stem: str = "plan"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, hidden ones included, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def text(name: str, body: str) -> Output[Fake]:
    return Output(name, f"making {{stem}}.{name}", lambda c: {f"{c.stem}.{name}": body})


def broken(c: Fake) -> dict[str, str]:
    raise RuntimeError("the writer broke")


def no_printer(c: Fake) -> dict[str, bytes]:
    raise ProjectorError("no printer")


def in_child(c: Fake, target: Path) -> None:
    target.write_text(f"{c.stem} from {os.getpid()}", encoding="utf-8")


def crashed_child(c: Fake, target: Path) -> None:
    target.write_text("half", encoding="utf-8")
    raise RuntimeError("the child broke")


# --- What each command writes ---------------------------------------------------------------


@pytest.mark.parametrize("registry", [pipeline.RUN_OUTPUTS, pipeline.COMPARE_OUTPUTS])
def test_each_command_lists_its_outputs_in_the_order_they_are_written(registry):
    assert [o.name for o in registry] == ["workbook", "json", "report", "deck", "pdf"]
    assert [o.name for o in registry if isinstance(o, Output) and o.optional] == ["deck", "pdf"]
    assert [o.name for o in registry if isinstance(o, Output) and o.may_fail] == ["pdf"]
    assert [o.name for o in registry if isinstance(o, Background)] == ["workbook"]


@pytest.mark.parametrize(
    ("asked", "names"),
    [
        (set(), ["workbook", "json", "report"]),
        ({"deck"}, ["workbook", "json", "report", "deck"]),
        ({"pdf", "deck"}, ["workbook", "json", "report", "deck", "pdf"]),
    ],
)
def test_optional_outputs_are_written_only_when_asked_for(asked, names):
    assert [o.name for o in pipeline.chosen(pipeline.RUN_OUTPUTS, asked)] == names


# --- publish: every output staged alike -----------------------------------------------------


def test_every_output_lands_in_order_background_first_and_says_so(tmp_path):
    said: list[str] = []
    outputs: pipeline.Registry[Fake] = (
        text("a", "first"),
        Background("book", "writing {stem}.bin", ".bin", in_child),
        Output("two", "drawing", lambda c: {"x.txt": "x", "y.svg": b"<svg/>"}, then="writing x, y"),
    )
    written, failure = pipeline.publish(tmp_path, outputs, Fake(), said.append)
    assert failure is None
    assert [p.name for p in written] == ["plan.bin", "plan.a", "x.txt", "y.svg"]
    files = snapshot(tmp_path)
    assert files.pop("plan.bin").startswith(b"plan from ")
    assert files == {"plan.a": b"first", "x.txt": b"x", "y.svg": b"<svg/>"}
    assert (tmp_path / "plan.bin").read_text() != f"plan from {os.getpid()}"  # a child wrote it
    assert said == ["writing plan.bin", "making plan.a", "drawing", "writing x, y"]


def test_an_output_s_files_have_the_mode_of_any_new_file(tmp_path):
    pipeline.publish(tmp_path, (text("a", "body"),), Fake(), lambda _: None)
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "plan.a").stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize(
    "failing",
    [
        Output("bad", "making", broken),
        Background("bad", "writing", ".bad", crashed_child),
    ],
    ids=["writer", "background writer"],
)
def test_a_failing_writer_leaves_the_earlier_outputs_and_nothing_else(tmp_path, failing):
    good = (text("a", "old a"), text("b", "old b"))
    pipeline.publish(tmp_path, good, Fake(), lambda _: None)
    before = snapshot(tmp_path)
    new = (text("a", "new a"), failing, text("b", "new b"), text("c", "new c"))
    with pytest.raises(RuntimeError, match="broke"):
        pipeline.publish(tmp_path, new, Fake(), lambda _: None)
    assert snapshot(tmp_path) == before  # no new file, no temporary file, no old one changed


def test_an_output_that_may_fail_fails_alone_and_last(tmp_path):
    said: list[str] = []
    outputs = (
        Output("pdf", "printing", no_printer, may_fail=True),
        text("a", "body"),
        Background("book", "writing {stem}.bin", ".bin", in_child),
    )
    written, failure = pipeline.publish(tmp_path, outputs, Fake(), said.append)
    assert isinstance(failure, ProjectorError) and failure.message == "no printer"
    assert [p.name for p in written] == ["plan.bin", "plan.a"]
    assert sorted(snapshot(tmp_path)) == ["plan.a", "plan.bin"]
    assert said == ["writing plan.bin", "making plan.a", "printing"]


# --- The commands read their registry -------------------------------------------------------


def test_an_output_added_to_the_run_registry_is_written_with_the_others(tmp_path, monkeypatch):
    def summary(c: pipeline.RunContext) -> dict[str, str]:
        return {f"{c.stem}.txt": f"{c.report.name}: {c.projection.summary['ending_cash']:.2f}\n"}

    extra = Output("summary", "writing {stem}.txt", summary)
    monkeypatch.setattr(pipeline, "RUN_OUTPUTS", (*pipeline.RUN_OUTPUTS, extra))
    said: list[str] = []
    result = pipeline.run(TINY, tmp_path, said.append)
    names = [p.name for p in result.written]
    assert names[:3] == ["tiny.xlsx", "tiny.json", "tiny.html"] and names[-1] == "tiny.txt"
    cash = result.projection.summary["ending_cash"]
    assert (
        tmp_path / "tiny.txt"
    ).read_text() == f"{result.projection.scenario.scenario.name}: {cash:.2f}\n"
    assert said[-1] == "tiny.yaml: writing tiny.txt"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_a_failing_output_in_the_run_registry_leaves_nothing(tmp_path, monkeypatch):
    extra = Output("broken", "writing {stem}.txt", broken)
    monkeypatch.setattr(pipeline, "RUN_OUTPUTS", (*pipeline.RUN_OUTPUTS, extra))
    with pytest.raises(RuntimeError, match="the writer broke"):
        pipeline.run(TINY, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
