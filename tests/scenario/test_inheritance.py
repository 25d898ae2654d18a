"""Scenario inheritance: `extends: parent.yaml`, merged node by node before validation.

Fixtures live in tests/fixtures/inherit/; the tests run from that directory so the
messages name files as a founder would see them (`base.yaml:12:3: ...`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from projector import model
from projector import scenario as sc
from projector.errors import ScenarioError
from projector.scenario.kinds import PARSERS

INHERIT = Path(__file__).parents[1] / "fixtures" / "inherit"
SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INHERIT)


def problems(path: str | Path) -> list[str]:
    """The rendered problems of loading `path` (fails if it loads)."""
    with pytest.raises(ScenarioError) as caught:
        sc.load(path)
    return [str(problem) for problem in caught.value.problems]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# -- Merge rules -----------------------------------------------------------------


def test_mappings_merge_key_by_key() -> None:
    base, child = sc.load("base.yaml"), sc.load("child.yaml")
    assert child.scenario.name == "Child case"
    assert child.scenario.start == "2027-01" and child.scenario.months == 24
    assert child.customers == base.customers
    assert child.orders == base.orders
    assert child.financing.starting_cash == 10000
    assert child.financing.loans == base.financing.loans
    assert child.capex == base.capex


def test_channels_merge_by_name_one_field_changes() -> None:
    base, child = sc.load("base.yaml"), sc.load("child.yaml")
    social = child.acquisition.channels[1]
    assert social.name == "social"
    assert social.conversion == 0.025
    assert (social.visits, social.growth, social.cac) == (4000, 0.02, 12)
    assert child.acquisition.channels[0] == base.acquisition.channels[0]


def test_new_named_item_is_appended_in_order() -> None:
    child = sc.load("child.yaml")
    assert [c.name for c in child.acquisition.channels] == ["email", "social", "ads"]
    ads = child.acquisition.channels[2]
    assert (ads.visits, ads.conversion, ads.cac, ads.growth) == (2000, 0.012, 30, 0)


def test_staff_merge_by_role_and_append() -> None:
    child = sc.load("child.yaml")
    assert [(s.role, s.count, s.monthly_salary, s.start_month) for s in child.staff] == [
        ("Designer", 2, 3500, 1),
        ("Assistant", 1, 2000, 6),
        ("Marketer", 1, 3000, 1),
    ]


def test_remove_true_drops_the_named_item() -> None:
    child = sc.load("child.yaml")
    assert [f.name for f in child.fixed_costs] == ["Rent"]


def test_plain_lists_are_replaced_whole() -> None:
    child = sc.load("child.yaml")
    assert child.acquisition.seasonality == (1.0,) * 11 + (2.0,)
    assert [(e.month, e.amount) for e in child.financing.equity] == [(3, 40000)]


def test_chain_of_three() -> None:
    grandchild = sc.load("grandchild.yaml")
    assert grandchild.scenario.name == "Child case"  # from child
    assert grandchild.scenario.months == 36  # own
    assert grandchild.scenario.start == "2027-01"  # from base
    assert [c.name for c in grandchild.acquisition.channels] == ["social", "ads"]
    assert grandchild.acquisition.channels[0].conversion == 0.025
    assert [f.name for f in grandchild.fixed_costs] == ["Rent"]
    assert [s.role for s in grandchild.staff] == ["Designer", "Assistant", "Marketer"]
    assert [(loan.name, loan.amount) for loan in grandchild.financing.loans] == [
        ("Credit line", 5000)
    ]
    assert grandchild.source == Path("grandchild.yaml")


def test_removing_every_channel_leaves_too_few(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", (INHERIT / "base.yaml").read_text())
    child = write(
        tmp_path,
        "c.yaml",
        """\
extends: base.yaml
acquisition:
  channels:
    - {name: email, remove: true}
    - {name: social, remove: true}
""",
    )
    assert problems(child) == [
        f"{child}:4:5: acquisition.channels: expected at least 1 item, got an empty list"
    ]


def test_remove_false_keeps_and_merges_the_item(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", (INHERIT / "base.yaml").read_text())
    child = write(
        tmp_path,
        "c.yaml",
        """\
extends: base.yaml
capex:
  - {name: Laser engraver, remove: false, amount: 9000}
""",
    )
    assert [(c.name, c.amount, c.life_months) for c in sc.load(child).capex] == [
        ("Laser engraver", 9000, 36)
    ]


def test_loads_reads_the_parent_relative_to_the_filename(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", (INHERIT / "base.yaml").read_text())
    text = "extends: base.yaml\norders:\n  aov: 70\n"
    assert sc.loads(text, str(tmp_path / "c.yaml")).orders.aov == 70


def test_parent_in_another_directory(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", (INHERIT / "base.yaml").read_text())
    (tmp_path / "variants").mkdir()
    child = write(tmp_path / "variants", "c.yaml", "extends: ../base.yaml\norders: {aov: 71}\n")
    assert sc.load(child).orders.aov == 71


# -- Errors ----------------------------------------------------------------------


def test_cycle_is_reported_at_the_extends_line() -> None:
    assert problems("cycle_a.yaml") == [
        "cycle_b.yaml:1:10: extends: extends cycle: cycle_a.yaml -> cycle_b.yaml -> cycle_a.yaml"
    ]


def test_a_file_extending_itself_is_a_cycle(tmp_path: Path) -> None:
    path = write(tmp_path, "self.yaml", "orders: {aov: 1}\nextends: self.yaml\n")
    assert problems(path) == [f"{path}:2:10: extends: extends cycle: self.yaml -> self.yaml"]


def test_missing_parent() -> None:
    assert problems("orphan.yaml") == [
        "orphan.yaml:2:10: extends: cannot read parent file nowhere.yaml: no such file or directory"
    ]


@pytest.mark.parametrize(
    ("value", "shown"), [("12", "12"), ("", "nothing"), ("[base.yaml]", "a list")]
)
def test_extends_must_be_a_string(tmp_path: Path, value: str, shown: str) -> None:
    path = write(tmp_path, "c.yaml", f"orders: {{aov: 1}}\nextends: {value}\n")
    column = 9 if value == "" else 10
    assert problems(path) == [
        f"{path}:2:{column}: extends: expected a parent file path, got {shown}"
    ]


def test_errors_point_at_the_file_and_line_they_were_written_in() -> None:
    assert problems("bad_child.yaml") == [
        "bad_child.yaml:3:8: orders.aov: expected an amount >= 0, got -5",
        "bad_child.yaml:4:3: orders.aov_grwth: unknown key 'aov_grwth' "
        "(did you mean 'aov_growth'?)",
        "bad_parent.yaml:10:19: acquisition.channels[0].conversion: "
        'expected a share between 0 and 1, got 2.5 (did you mean "2.5%"?)',
    ]


def test_parent_problems_name_the_parent_path_as_resolved(tmp_path: Path) -> None:
    write(tmp_path, "bad_parent.yaml", (INHERIT / "bad_parent.yaml").read_text())
    (tmp_path / "sub").mkdir()
    child = write(tmp_path / "sub", "c.yaml", "extends: ../bad_parent.yaml\n")
    assert problems(child) == [
        f"{tmp_path}/bad_parent.yaml:10:19: acquisition.channels[0].conversion: "
        'expected a share between 0 and 1, got 2.5 (did you mean "2.5%"?)'
    ]


def test_removing_an_unknown_name_is_an_error() -> None:
    assert problems("remove_unknown.yaml") == [
        "remove_unknown.yaml:4:13: acquisition.channels[0]: "
        "no channel named 'tiktok' to remove in parent"
    ]


def test_remove_errors_for_other_lists_and_values(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", (INHERIT / "base.yaml").read_text())
    child = write(
        tmp_path,
        "c.yaml",
        """\
extends: base.yaml
staff:
  - {role: Baker, remove: true}
  - {remove: true}
financing:
  loans:
    - {name: Bank loan, remove: maybe}
""",
    )
    assert problems(child) == [
        f"{child}:3:12: staff[0]: no staff role named 'Baker' to remove in parent",
        f"{child}:4:5: staff[1]: missing key 'role': it says which staff role to remove",
        f"{child}:7:33: financing.loans[0].remove: expected true or false, got 'maybe'",
    ]


def test_remove_outside_inheritance_is_an_unknown_key(tmp_path: Path) -> None:
    text = (
        (INHERIT / "base.yaml")
        .read_text()
        .replace("  - name: Software\n", "  - name: Software\n    remove: true\n")
    )
    path = write(tmp_path, "s.yaml", text)
    assert problems(path) == [f"{path}:26:5: fixed_costs[1].remove: unknown key 'remove'"]


def test_new_child_item_must_give_required_keys(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", (INHERIT / "base.yaml").read_text())
    child = write(
        tmp_path,
        "c.yaml",
        """\
extends: base.yaml
acquisition:
  channels:
    - name: tiktok
      visits: 10
""",
    )
    assert problems(child) == [
        f"{child}:4:7: acquisition.channels[2]: missing required key 'conversion'"
    ]


def test_typo_in_a_merged_child_item_gets_a_hint(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", (INHERIT / "base.yaml").read_text())
    child = write(
        tmp_path,
        "c.yaml",
        """\
extends: base.yaml
acquisition:
  channels:
    - name: social
      conversoin: 3%
""",
    )
    assert problems(child) == [
        f"{child}:5:7: acquisition.channels[1].conversoin: unknown key 'conversoin' "
        "(did you mean 'conversion'?)"
    ]


def test_parent_syntax_error_names_the_parent(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", "scenario: [\n")
    child = write(tmp_path, "c.yaml", "extends: base.yaml\n")
    named, problem = problems(child)
    assert (
        named == f"{child}:1:10: extends: parent file {tmp_path}/base.yaml is not a usable scenario"
    )
    assert problem.startswith(f"{tmp_path}/base.yaml:2:1: invalid YAML: ")


def test_yaml_merge_keys_still_work_in_a_child(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", (INHERIT / "base.yaml").read_text())
    child = write(
        tmp_path,
        "c.yaml",
        """\
extends: base.yaml
fixed_costs:
  - &rent {name: Rent, monthly: 1500}
  - <<: *rent
    name: Storage
""",
    )
    assert [(f.name, f.monthly) for f in sc.load(child).fixed_costs] == [
        ("Rent", 1500),
        ("Software", 300),
        ("Storage", 1500),
    ]


# -- resolved_yaml ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted(SCENARIOS.rglob("*.yaml")), ids=lambda p: str(p.relative_to(SCENARIOS))
)
def test_resolved_yaml_round_trips_every_example(path: Path) -> None:
    text = sc.resolved_yaml(path)
    assert sc.loads(text, "resolved.yaml") == sc.load(path)
    assert sc.resolved_yaml(path) == sc.to_yaml(sc.loads(text))  # a fixed point


# -- The example's variants: scenarios/personalized_treasures/ -----------------------

VARIANTS = SCENARIOS / "personalized_treasures"


def test_variants_build_on_the_example_and_point_editors_at_the_schema() -> None:
    paths = sorted(VARIANTS.glob("*.yaml"))
    assert [p.name for p in paths] == ["base.yaml", "optimistic.yaml", "pessimistic.yaml"]
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "# yaml-language-server: $schema=../../scenario.schema.json", path
        assert (path.parent / "../../scenario.schema.json").is_file()
        assert sum(line.startswith("extends: ") for line in lines) == 1, path
    parent = sc.load(SCENARIOS / "personalized_treasures.yaml")
    base = sc.load(VARIANTS / "base.yaml")
    assert base.scenario.name == "Personalized Treasures - base"
    assert replace(base, scenario=parent.scenario) == parent  # only the name differs


def test_variants_rank_optimistic_base_pessimistic() -> None:
    summary = {
        name: model.project(sc.load(VARIANTS / f"{name}.yaml")).summary
        for name in ("optimistic", "base", "pessimistic")
    }
    example = sc.load(SCENARIOS / "personalized_treasures.yaml")
    assert summary["base"] == model.project(example).summary
    best, base, worst = summary["optimistic"], summary["base"], summary["pessimistic"]
    assert best["break_even_month"] < base["break_even_month"] < worst["break_even_month"]
    assert best["min_cash"] > base["min_cash"] > worst["min_cash"]
    assert best["ending_cash"] > base["ending_cash"] > worst["ending_cash"]
    assert best["funding_need"] == base["funding_need"] == 0 < worst["funding_need"]
    # plausible, not absurd: both still break even within the 48-month horizon
    assert worst["break_even_month"] <= 48 and best["break_even_month"] >= 12


@pytest.mark.parametrize("name", ["base.yaml", "child.yaml", "grandchild.yaml"])
def test_resolved_yaml_round_trips_an_inheritance_chain(name: str) -> None:
    text = sc.resolved_yaml(name)
    assert "extends" not in text and "remove" not in text
    assert sc.loads(text, "resolved.yaml") == sc.load(name)


def test_resolved_yaml_fills_defaults_and_writes_percents() -> None:
    text = sc.resolved_yaml("child.yaml")
    assert "  currency: USD\n" in text
    assert "  industry: null\n" in text
    assert "      conversion: 4.29%\n" in text
    assert "      growth: 2%\n" in text
    assert "  seasonality: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]\n" in text
    assert "employer_overhead: 0%\n" in text
    assert text.index("- name: email") < text.index("- name: social") < text.index("- name: ads")


@pytest.mark.parametrize(
    "value", [0.0429, 0.1, 1 / 3, 1e-05, 0.0, 1.0, -0.25, 0.018900000000000001, 2.5e-17]
)
def test_percent_strings_load_back_exactly(value: float) -> None:
    text = sc.percent_text(value)
    assert text.endswith("%")
    assert PARSERS[sc.GROWTH if value < 0 else sc.SHARE](yaml.compose(f"'{text}'")) == value
