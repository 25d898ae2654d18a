"""Comparing scenarios: differences, rankings, line alignment, and `projector compare` itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from projector import pipeline
from projector.analysis import compare
from projector.cli import cli
from projector.errors import ProjectorError, ScenarioError
from projector.writers import export

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
TINY, FULL = FIXTURES / "tiny.yaml", FIXTURES / "scn_full.yaml"
VARIANTS = sorted((ROOT / "scenarios" / "personalized_treasures").glob("*.yaml"))
QUIET = {"progress": lambda _: None}


def variant(tmp_path: Path, name: str, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        (120.0, 100.0, (20.0, 0.2)),
        (-30_000.0, -50_000.0, (20_000.0, 0.4)),  # less negative cash is +40 % of the base's size
        (-60_000.0, -50_000.0, (-10_000.0, -0.2)),
        (5.0, 0.0, (5.0, None)),  # no % of nothing
        (None, 3.0, (None, None)),  # e.g. no break-even month: no difference either
        (3.0, None, (None, None)),
    ],
)
def test_difference_from_the_base_by_hand(value, base, expected):
    assert compare.delta(value, base) == pytest.approx(expected)


def test_best_and_worst_follow_the_direction_and_skip_nulls():
    assert compare.ranking([30_000.0, None, 10_000.0, 50_000.0], compare.LOWER) == (2, 3)
    assert compare.ranking([1.2, 3.4, 2.0], compare.HIGHER) == (1, 0)
    assert compare.ranking([5.0, 5.0], compare.HIGHER) == (None, None)  # no spread
    assert compare.ranking([5.0, 7.0], None) == (None, None)  # no better way
    assert compare.ranking([None, 7.0], compare.HIGHER) == (None, None)


def test_marks_are_shared_by_ties():
    assert compare.marks([0.0, 0.0, 65_938.0], compare.LOWER) == ["best", "best", "worst"]
    assert compare.marks([1.0, None, 3.0, 3.0], compare.HIGHER) == ["worst", "", "best", "best"]
    assert compare.marks([2.0, 2.0], compare.HIGHER) == ["", ""]


def test_directions_name_real_metrics():
    c = compare.compare([TINY], **QUIET)
    p = c.base.projection
    assert compare.better_of(p, "funding_need") == compare.LOWER
    assert compare.better_of(p, "cash") == compare.HIGHER
    assert compare.better_of(p, "marketing") is None


def test_lines_of_channels_in_only_some_scenarios_are_aligned(tmp_path):
    other = variant(tmp_path, "other", TINY, "name: social", "name: radio")
    c = compare.compare([TINY, other], **QUIET)
    ids = [line.id for line in compare.annual_lines(c)]
    assert ids.index("visits_radio") == ids.index("visits_social") + 1
    assert ids.index("visits") == ids.index("visits_radio") + 1
    assert compare.annual_value(c.base, "visits_radio", 1) is None
    assert compare.annual_value(c.entries[1], "visits_radio", 1) == pytest.approx(
        float(c.entries[1].projection.annual["visits_radio"][0])
    )


def test_differences_list_what_the_variant_changes(tmp_path):
    other = variant(tmp_path, "other", TINY, "aov: 50", "aov: 45")
    c = compare.compare([TINY, other], **QUIET)
    assert compare.differences(c.base.projection.scenario, c.entries[1].projection.scenario) == [
        ("orders.aov", 50.0, 45.0)
    ]


def test_shipped_variants_extend_the_base_and_rank_as_named():
    assert [p.stem for p in VARIANTS] == ["base", "optimistic", "pessimistic"]
    c = compare.compare(VARIANTS, **QUIET)
    need = [compare.summary_value(e, "funding_need") for e in c.entries]
    assert need[0] == need[1] == 0 < need[2]  # only the pessimistic case needs funding
    assert compare.ranking(need, compare.LOWER)[1] == 2
    months = [compare.summary_value(e, "break_even_month") for e in c.entries]
    assert compare.ranking(months, compare.LOWER) == (1, 2)
    cash = [compare.summary_value(e, "ending_cash") for e in c.entries]
    assert compare.ranking(cash, compare.HIGHER) == (1, 2)


def test_same_file_name_twice_is_refused(tmp_path):
    (tmp_path / "x").mkdir()
    twin = tmp_path / "x" / "Tiny.yaml"
    twin.write_text(TINY.read_text())
    with pytest.raises(ScenarioError, match="same file name as .*tiny.yaml"):
        compare.compare([TINY, twin], **QUIET)


def test_more_than_thirty_scenarios_are_refused():
    with pytest.raises(ProjectorError, match="at most 30"):
        compare.compare([TINY] * 31, **QUIET)


def test_problems_of_every_file_are_reported_together(tmp_path):
    bad1 = variant(tmp_path, "bad1", TINY, "aov: 50", "aov: -1")
    bad2 = variant(tmp_path, "bad2", TINY, "churn: 5%", "churn: 500%")
    with pytest.raises(ScenarioError) as caught:
        compare.compare([TINY, bad1, bad2], **QUIET)
    files = {Path(p.file).name for p in caught.value.problems}
    assert files == {"bad1.yaml", "bad2.yaml"}


def test_run_compare_writes_every_output_and_the_json_of_each(tmp_path):
    other = variant(tmp_path, "other", TINY, "aov: 50", "aov: 45")
    result = pipeline.run_compare([TINY, other], tmp_path / "out", "cmp")
    names = sorted(p.name for p in result.written)
    assert names[:4] == ["cmp.html", "cmp.json", "cmp.md", "cmp.xlsx"]
    assert all(n.startswith("cmp_chart_") and n.endswith(".svg") for n in names[4:])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names
    data = json.loads((tmp_path / "out" / "cmp.json").read_text())
    assert list(data) == ["tiny", "other"]
    for e in result.comparison.entries:
        assert data[e.key] == json.loads(json.dumps(export.to_dict(e.projection)))
    assert data["other"]["summary"]["gross_per_order"] == pytest.approx(45 + 0.2 * 10)


def test_a_bad_file_leaves_nothing_behind(tmp_path):
    bad = variant(tmp_path, "bad", TINY, "aov: 50", "aov: x")
    out = tmp_path / "out"
    with pytest.raises(ScenarioError):
        pipeline.run_compare([TINY, bad], out)
    assert not out.exists() or list(out.iterdir()) == []


def test_cli_compare_lists_outputs_and_reports_progress(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from projector.cli import main; main()",
            "compare",
            str(TINY),
            str(FULL),
            "-o",
            str(tmp_path),
            "--name",
            "both",
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert str(tmp_path / "both.xlsx") in done.stdout.splitlines()
    assert "[2/2] scn_full.yaml" in done.stderr and "2 scenarios compared" in done.stderr


@pytest.mark.parametrize("name", ["../x", "a/b", "", "x:y"])
def test_cli_compare_refuses_a_name_that_is_not_a_file_name(tmp_path, name):
    result = CliRunner().invoke(cli, ["compare", str(TINY), "-o", str(tmp_path), "-n", name])
    assert result.exit_code == 2
    assert "not a plain file name" in result.output


def test_cli_compare_bad_input_exits_1_without_traceback(tmp_path):
    bad = variant(tmp_path, "bad", TINY, "conversion: 5%", "convertion: 5%")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from projector.cli import main; main()",
            "compare",
            str(TINY),
            str(bad),
            "-o",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert "did you mean 'conversion'?" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
