"""Risk analysis (docs/risk.md): the uncertainty section, exact percentiles of each
distribution, the draws, the simulation over paths, its percentiles and the tornado."""

import dataclasses
import json
import math
from dataclasses import replace
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from scipy import stats

from projector import scenario
from projector.analysis import risk, sensitivity
from projector.analysis.sensitivity import with_value
from projector.errors import ScenarioError
from projector.model import project
from projector.present import report as present_report
from projector.present.numbers import generated_date

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "personalized_treasures.yaml"
UNCERTAIN = ROOT / "scenarios" / "risk" / "personalized_treasures_risks.yaml"


def _child(tmp_path: Path, body: str, name: str = "child.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f"extends: {EXAMPLE}\n{body}")
    return path


def _load(tmp_path: Path, inputs: str, extra: str = "") -> scenario.Scenario:
    return scenario.load(_child(tmp_path, f"uncertainty:\n{extra}  inputs:\n{inputs}"))


def _problems(tmp_path: Path, inputs: str) -> list[str]:
    with pytest.raises(ScenarioError) as error:
        _load(tmp_path, inputs)
    return [f"{p.line}:{p.column}: {p.path}: {p.message}" for p in error.value.problems]


# -- The uncertainty section -------------------------------------------------------------


def test_addresses_resolve_to_paths_and_kinds(tmp_path: Path) -> None:
    s = _load(
        tmp_path,
        "    orders.aov: {pert: [50, 62, 70]}\n"
        '    acquisition.channels.email.conversion: {triangular: [3%, "4.29%", 0.05]}\n'
        "    acquisition.seasonality.12: {uniform: [1.5, 2.2]}\n"
        "    financing.loans.SBA microloan.annual_rate: {normal: [7%, 1%]}\n",
        "  paths: 50\n  seed: 7\n",
    )
    got = {i.address: (i.path, i.kind, i.params) for i in s.uncertainty.inputs}
    assert got == {
        "orders.aov": (("orders", "aov"), scenario.MONEY, (50.0, 62.0, 70.0)),
        "acquisition.channels.email.conversion": (
            ("acquisition", "channels", 0, "conversion"),
            scenario.SHARE,
            (0.03, 0.0429, 0.05),
        ),
        "acquisition.seasonality.12": (
            ("acquisition", "seasonality", 11),
            scenario.SEASONALITY,
            (1.5, 2.2),
        ),
        "financing.loans.SBA microloan.annual_rate": (
            ("financing", "loans", 0, "annual_rate"),
            scenario.SHARE,
            (0.07, 0.01),
        ),
    }
    assert (s.uncertainty.paths, s.uncertainty.seed) == (50, 7)


def test_bad_inputs_are_located_with_hints(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        "    orders.aovv: {pert: [50, 62, 70]}\n"
        "    customers.churn: {uniform: [6%, 3%]}\n"
        "    orders.aov: {uniform: [2%, 3%]}\n"
        "    unit_costs.material: {normal: [120%, 2%]}\n"
        "    fixed_costs.Studio rent.start_month: {uniform: [1, 2]}\n"
        "    scenario.months: {uniform: [1, 2]}\n",
    )
    assert problems == [
        "4:5: uncertainty.inputs.orders.aovv: unknown input address 'orders.aovv' (did you mean 'orders.aov'?)",
        "5:22: uncertainty.inputs.customers.churn.uniform: expected low <= high, got 0.06, 0.03",
        "6:17: uncertainty.inputs.orders.aov.uniform: a percent is for rates: write this field's numbers as plain amounts",
        "7:26: uncertainty.inputs.unit_costs.material.normal: 1.2 lies outside the field's valid range [0, 1]",
        "8:5: uncertainty.inputs.fixed_costs.Studio rent.start_month: 'fixed_costs.Studio rent.start_month' is a month: months cannot vary, only amounts and rates",
        "9:5: uncertainty.inputs.scenario.months: 'scenario.months' is not an input that can vary",
    ]


def test_structure_errors_come_first_with_did_you_mean(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, "    orders.aov: {unifrom: [50, 70]}\n    customers.churn: {normal: [4%]}\n"
    )
    assert problems == [
        "4:18: uncertainty.inputs.orders.aov: unknown distribution 'unifrom' (did you mean 'uniform'?)",
        "5:31: uncertainty.inputs.customers.churn.normal: expected 2 numbers [mean, sd], got a list",
    ]


def test_churn_must_stay_positive_across_the_range(tmp_path: Path) -> None:
    # The example has repeat orders: a churn that can reach 0 breaks the CLV.
    problems = _problems(tmp_path, "    customers.churn: {uniform: [0%, 4%]}\n")
    assert len(problems) == 1 and "churn must stay above 0" in problems[0]


def test_a_shared_name_cannot_be_addressed(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text(
        'scenario: {name: Shared, start: "2027-01", months: 3}\n'
        "acquisition: {channels: [{name: web, visits: 100, conversion: 2%}]}\n"
        "orders: {aov: 50}\n"
        "staff: [{role: Helper, monthly_salary: 100}, {role: Helper, monthly_salary: 200}]\n"
        "uncertainty: {inputs: {staff.Helper.monthly_salary: {uniform: [1, 2]}}}\n"
    )
    with pytest.raises(ScenarioError) as error:
        scenario.load(path)
    assert [p.message for p in error.value.problems] == [
        "'staff.Helper' names two items: give each a distinct name to address one"
    ]


def test_extends_merges_inputs_address_by_address(tmp_path: Path) -> None:
    parent = _child(
        tmp_path,
        "uncertainty:\n  paths: 10\n  inputs:\n"
        "    orders.aov: {uniform: [50, 70]}\n    customers.churn: {uniform: [3%, 5%]}\n",
        "parent.yaml",
    )
    child = tmp_path / "c.yaml"
    child.write_text(
        f"extends: {parent.name}\nuncertainty:\n  inputs:\n"
        "    customers.churn: {uniform: [2%, 6%]}\n    unit_costs.material: {uniform: [20%, 30%]}\n"
    )
    u = scenario.load(child).uncertainty
    assert u.paths == 10
    assert [(i.address, i.params) for i in u.inputs] == [
        ("orders.aov", (50.0, 70.0)),
        ("customers.churn", (0.02, 0.06)),
        ("unit_costs.material", (0.2, 0.3)),
    ]


def test_editor_schema_knows_uncertainty() -> None:
    schema = scenario.json_schema()
    import yaml

    good = yaml.safe_load(UNCERTAIN.read_text())
    jsonschema.validate(good, schema)
    bad = {**good, "uncertainty": {"inputs": {"orders.aov": {"unifrom": [1, 2]}}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    committed = json.loads((ROOT / "scenario.schema.json").read_text())
    assert committed == schema  # regenerated: `projector schema > scenario.schema.json`


def test_resolved_yaml_round_trips_uncertainty() -> None:
    s = scenario.load(UNCERTAIN)
    again = scenario.loads(scenario.to_yaml(s))
    assert again.uncertainty == s.uncertainty


# -- Exact percentiles of each distribution ------------------------------------------------


def _item(distribution: str, params: tuple[float, ...], kind: str = scenario.MONEY):
    return scenario.UncertainInput("x", distribution, params, path=("orders", "aov"), kind=kind)


def _truncated_normal_quantile(q: float, mean: float, sd: float, low: float, high: float) -> float:
    """Independent of scipy: bisection on the truncated CDF written with math.erf."""

    def phi(x: float) -> float:
        return 0.5 * (1 + math.erf((x - mean) / (sd * math.sqrt(2))))

    a, b = max(low, mean - 40 * sd), min(high, mean + 40 * sd)
    target = phi(low) + q * (phi(high) - phi(low))
    for _ in range(200):
        mid = (a + b) / 2
        a, b = (mid, b) if phi(mid) < target else (a, mid)
    return (a + b) / 2


@pytest.mark.parametrize(
    ("item", "p10", "p90"),
    [
        # uniform 3%..6%: 3% + 10% of 3 points, by hand
        (_item("uniform", (0.03, 0.06), scenario.SHARE), 0.033, 0.057),
        # triangular 0, 5, 10: q = x^2 / 50 below the mode -> x = sqrt(5); mirrored above
        (_item("triangular", (0.0, 5.0, 10.0)), math.sqrt(5), 10 - math.sqrt(5)),
        # skewed triangular 50, 62, 70 against scipy's triang (c = 12/20)
        (
            _item("triangular", (50.0, 62.0, 70.0)),
            stats.triang(0.6, loc=50, scale=20).ppf(0.1),
            stats.triang(0.6, loc=50, scale=20).ppf(0.9),
        ),
        # PERT 50, 62, 70: a = 1 + 4 x 12/20 = 3.4, b = 1 + 4 x 8/20 = 2.6
        (
            _item("pert", (50.0, 62.0, 70.0)),
            50 + 20 * stats.beta(3.4, 2.6).ppf(0.1),
            50 + 20 * stats.beta(3.4, 2.6).ppf(0.9),
        ),
        # normal 26% sd 2% well inside 0..1: the plain normal's 1.2816 sd
        (
            _item("normal", (0.26, 0.02), scenario.SHARE),
            _truncated_normal_quantile(0.1, 0.26, 0.02, 0, 1),
            _truncated_normal_quantile(0.9, 0.26, 0.02, 0, 1),
        ),
        # normal 2% sd 3% cut at 0: the truncation moves both percentiles up
        (
            _item("normal", (0.02, 0.03), scenario.SHARE),
            _truncated_normal_quantile(0.1, 0.02, 0.03, 0, 1),
            _truncated_normal_quantile(0.9, 0.02, 0.03, 0, 1),
        ),
        # collapsed: the constant
        (_item("pert", (62.0, 62.0, 62.0)), 62.0, 62.0),
        (_item("normal", (62.0, 0.0)), 62.0, 62.0),
    ],
)
def test_exact_tenth_and_ninetieth_percentiles(item, p10: float, p90: float) -> None:
    low, high = risk.quantile(item, [0.1, 0.9])
    assert low == pytest.approx(p10, rel=1e-9, abs=1e-12)
    assert high == pytest.approx(p90, rel=1e-9, abs=1e-12)


def test_truncation_is_real() -> None:
    # Untruncated, 2% - 1.2816 x 3% is negative; the truncated p10 is above 0.
    low = risk.quantile(_item("normal", (0.02, 0.03), scenario.SHARE), 0.1)
    assert 0 < low < 0.02 - 1.0 * 0.03 + 0.03


def test_the_tornado_uses_exact_percentiles(tmp_path: Path) -> None:
    s = _load(
        tmp_path,
        "    orders.aov: {pert: [50, 62, 70]}\n    unit_costs.material: {normal: [26%, 2%]}\n",
    )
    by_input = {e.input: e for e in sensitivity.declared_tornado(s)}
    aov, material = by_input["orders.aov"], by_input["unit_costs.material"]
    assert aov.low == pytest.approx(50 + 20 * stats.beta(3.4, 2.6).ppf(0.1), rel=1e-12)
    assert aov.high == pytest.approx(50 + 20 * stats.beta(3.4, 2.6).ppf(0.9), rel=1e-12)
    assert material.low == pytest.approx(_truncated_normal_quantile(0.1, 0.26, 0.02, 0, 1))
    # Each bar end is the plain projection with only that input changed, bit for bit.
    for e in by_input.values():
        path = next(i.path for i in s.uncertainty.inputs if i.address == e.input)
        for end, value in ((0, e.low), (1, e.high)):
            summary = project(with_value(s, path, value)).summary
            for result in sensitivity.RESULTS:
                assert getattr(e, result)[end] == summary[result]


# -- Draws against each distribution's exact CDF --------------------------------------------


@pytest.mark.parametrize(
    ("spec", "cdf"),
    [
        ("{uniform: [40, 80]}", stats.uniform(40, 40).cdf),
        ("{triangular: [50, 62, 70]}", stats.triang(0.6, loc=50, scale=20).cdf),
        ("{pert: [50, 62, 70]}", lambda x: stats.beta(3.4, 2.6).cdf((x - 50) / 20)),
        ("{normal: [55, 20]}", stats.truncnorm(-55 / 20, np.inf, loc=55, scale=20).cdf),
    ],
)
def test_draws_pass_a_kolmogorov_smirnov_test(tmp_path: Path, spec: str, cdf) -> None:
    s = _load(tmp_path, f"    orders.aov: {spec}\n", "  paths: 20000\n  seed: 11\n")
    drawn = risk.draws(s)[:, 0]
    assert stats.kstest(drawn, cdf).pvalue > 0.001


def test_draws_are_independent_across_inputs(tmp_path: Path) -> None:
    s = _load(
        tmp_path,
        "    orders.aov: {uniform: [40, 80]}\n    unit_costs.material: {uniform: [20%, 30%]}\n",
        "  paths: 20000\n",
    )
    drawn = risk.draws(s)
    assert abs(np.corrcoef(drawn[:, 0], drawn[:, 1])[0, 1]) < 0.03


# -- Percentiles (docs/risk.md, the simulation) ------------------------------------------------------------


def test_percentile_rank_is_exact() -> None:
    values = np.arange(31.0)[::-1].copy()
    values[values >= 4] *= 1e12  # v(4) is 4e12: any blend touching it shows
    assert risk.percentile(values, 10) == 3.0  # h = 3 exactly, not 3.0000000000000004
    assert risk.percentile(np.array([5.0, 1.0, 4.0, 2.0, 3.0]), 10) == pytest.approx(1.4)
    assert risk.percentile(np.array([5.0, 1.0, 4.0, 2.0, 3.0]), 90) == pytest.approx(4.6)


def test_null_months_sort_last_and_poison_what_they_touch() -> None:
    months = np.array([3.0, np.nan, 5.0, np.nan, 4.0])  # sorted: 3 4 5 null null
    assert risk.percentile(months, 10) == pytest.approx(3.4)
    assert risk.percentile(months, 50) == 5.0  # h = 2: v(2) alone
    assert np.isnan(risk.percentile(months, 90))  # h = 3.6: touches a null
    figure = risk._figure(months)
    assert figure["mean"] is None and figure["p_null"] == 0.4


# -- The simulation over paths ------------------------------------------------------------


def test_collapsed_distributions_equal_the_plain_projection(tmp_path: Path) -> None:
    # Every input a constant, away from the scenario's own value: every band, the mean
    # and the probabilities are exactly the projection of the scenario with those values.
    s = _load(
        tmp_path,
        "    orders.aov: {uniform: [58, 58]}\n"
        "    customers.churn: {normal: [5%, 0]}\n"
        "    acquisition.channels.social.conversion: {pert: [2%, 2%, 2%]}\n"
        "    acquisition.seasonality.12: {triangular: [1.5, 1.5, 1.5]}\n",
        "  paths: 37\n",
    )
    plain = s
    for item in s.uncertainty.inputs:
        plain = with_value(plain, item.path, item.params[0])
    p = project(plain)
    r = risk.simulate(s)
    for k in risk.SUMMARY_IDS:
        expected = p.summary[k]
        figure = r["summary"][k]
        assert [figure["p10"], figure["p50"], figure["p90"], figure["mean"]] == [expected] * 4, k
    for k in risk.MONTHLY_IDS:
        for band in ("p10", "p50", "p90"):
            assert r["monthly"][k][band] == p.monthly[k].tolist(), (k, band)
    assert r["probability"]["cash_out"] == (1.0 if p.summary["cash_out_month"] else 0.0)


def test_replayed_paths_give_the_simulated_values(tmp_path: Path) -> None:
    s = scenario.load(UNCERTAIN)
    s = replace(s, uncertainty=replace(s.uncertainty, paths=300))
    drawn = risk.draws(s)
    summary, monthly = risk.simulate_paths(s, drawn, chunk=128)
    for path in (0, 1, 127, 128, 200, 299):
        replayed = s
        for j, item in enumerate(s.uncertainty.inputs):
            replayed = with_value(replayed, item.path, float(drawn[path, j]))
        p = project(replayed)
        for k in risk.SUMMARY_IDS:
            got = summary[k][path]
            assert (np.isnan(got) and p.summary[k] is None) or got == p.summary[k], (path, k)
        for k in risk.MONTHLY_IDS:
            assert monthly[k][path].tolist() == p.monthly[k].tolist(), (path, k)


@pytest.mark.parametrize("paths", [1, 5, 37])
def test_every_line_and_item_over_paths_equals_the_plain_projection(paths: int) -> None:
    # One definition, two evaluations: the engine over (paths, months) arrays gives, bit
    # for bit, each path's own projection: every monthly line and every summary item.
    from projector.model import project_paths

    s = scenario.load(EXAMPLE)
    aovs = np.linspace(55, 70, paths)
    lines, items = project_paths(s, {("orders", "aov"): aovs})
    for i, aov in enumerate(aovs):
        p = project(with_value(s, ("orders", "aov"), float(aov)))
        for k, values in p.monthly.items():
            assert lines[k][i].tolist() == values.tolist(), (i, k)
        for k, value in p.summary.items():
            got = items[k][i]
            assert (value is None and np.isnan(got)) or got == value, (i, k)


def test_chunk_size_changes_nothing() -> None:
    s = scenario.load(UNCERTAIN)
    s = replace(s, uncertainty=replace(s.uncertainty, paths=250))
    drawn = risk.draws(s)
    one = risk.simulate_paths(s, drawn, chunk=250)
    many = risk.simulate_paths(s, drawn, chunk=33)
    for a, b in zip(one, many, strict=True):
        for k in a:
            assert np.array_equal(a[k], b[k], equal_nan=True), k


def test_the_risk_object_has_the_contract_shape() -> None:
    s = scenario.load(UNCERTAIN)
    s = replace(s, uncertainty=replace(s.uncertainty, paths=60))
    r = risk.simulate(s)
    assert list(r) == ["paths", "seed", "inputs", "summary", "monthly", "probability", "tornado"]
    assert r["paths"] == 60
    assert list(r["inputs"]) == [i.address for i in s.uncertainty.inputs]
    assert all(len(v) == 60 for v in r["inputs"].values())
    assert list(r["summary"]) == list(risk.SUMMARY_IDS)
    assert len(r["monthly"]["cash"]["p50"]) == s.scenario.months
    swings = [abs(t["ending_cash"][1] - t["ending_cash"][0]) for t in r["tornado"]]
    assert swings == sorted(swings, reverse=True)
    # probabilities are the shares of paths with a month
    drawn = risk.draws(s)
    summary, _ = risk.simulate_paths(s, drawn)
    assert r["probability"]["cash_out"] == np.mean(~np.isnan(summary["cash_out_month"]))
    json.dumps(r, allow_nan=False)  # plain JSON: nulls, never NaN


def test_same_file_and_seed_give_identical_results() -> None:
    s = scenario.load(UNCERTAIN)
    s = replace(s, uncertainty=replace(s.uncertainty, paths=80))
    assert json.dumps(risk.simulate(s)) == json.dumps(risk.simulate(s))
    other = replace(s, uncertainty=replace(s.uncertainty, seed=s.uncertainty.seed + 1))
    assert risk.simulate(other)["inputs"] != risk.simulate(s)["inputs"]


# -- Goal seek (docs/risk.md, goal seek) ---------------------------------------------------------------


def test_solve_a_boundary_target_and_check_both_sides() -> None:
    from projector.analysis import solve

    s = scenario.load(EXAMPLE)
    address, path = (
        "acquisition.channels.email.conversion",
        ("acquisition", "channels", 0, "conversion"),
    )
    target = solve.parse_target("break_even_month<=18")
    answer = solve.solve(s, address, target)
    at = project(with_value(s, path, answer.value)).summary["break_even_month"]
    past = project(with_value(s, path, answer.beyond)).summary["break_even_month"]
    assert at is not None and at <= 18  # the reported value meets the target
    assert past is None or past > 18  # just beyond it, it does not
    assert abs(answer.beyond - answer.value) <= 1e-6 * (1 - 0)  # the default share bracket


def test_solve_an_equality_target_to_its_tolerance() -> None:
    from projector.analysis import solve

    s = scenario.load(EXAMPLE)
    answer = solve.solve(s, "orders.aov", solve.parse_target("funding_need=10000"))
    got = project(with_value(s, ("orders", "aov"), answer.value)).summary["funding_need"]
    assert abs(got - 10000) <= 1e-6 * 10000
    assert answer.summary["funding_need"] == got


def test_solve_never_for_a_month_id() -> None:
    from projector.analysis import solve

    s = scenario.load(EXAMPLE)
    answer = solve.solve(s, "orders.aov", solve.parse_target("cash_out_month=never"))
    assert project(with_value(s, ("orders", "aov"), answer.value)).summary["cash_out_month"] is None
    assert project(with_value(s, ("orders", "aov"), answer.beyond)).summary["cash_out_month"]


def test_unreachable_targets_show_both_ends() -> None:
    from projector.analysis import solve
    from projector.errors import ProjectorError

    s = scenario.load(EXAMPLE)
    with pytest.raises(ProjectorError) as error:
        solve.solve(s, "orders.aov", solve.parse_target("ending_cash=-1e9"), (50, 70))
    message = str(error.value)
    low = project(with_value(s, ("orders", "aov"), 50.0)).summary["ending_cash"]
    high = project(with_value(s, ("orders", "aov"), 70.0)).summary["ending_cash"]
    assert f"orders.aov = 50 gives ending_cash = {low:,.6g}" in message
    assert f"orders.aov = 70 gives ending_cash = {high:,.6g}" in message
    with pytest.raises(ProjectorError, match="holds across the whole bracket"):
        solve.solve(s, "orders.aov", solve.parse_target("break_even_month<=47"), (60, 70))
    with pytest.raises(ProjectorError, match="holds at neither end"):
        solve.solve(s, "orders.aov", solve.parse_target("break_even_month<=2"), (60, 70))
    with pytest.raises(ProjectorError, match="did you mean 'orders.aov'"):
        solve.solve(s, "orders.aovv", solve.parse_target("funding_need<=0"))
    with pytest.raises(ProjectorError, match="did you mean 'funding_need'"):
        solve.parse_target("funding_ned<=0")


def test_solve_writes_a_child_that_extends_the_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from projector.cli import cli

    child = tmp_path / "out" / "solved.yaml"
    result = CliRunner().invoke(
        cli,
        [
            "solve",
            str(EXAMPLE),
            "--vary",
            "acquisition.seasonality.12",
            "--target",
            "break_even_month<=30",
            "-o",
            str(child),
        ],
    )
    assert result.exit_code == 0, result.output
    s = scenario.load(child)
    assert s.scenario == scenario.load(EXAMPLE).scenario  # the parent's, through extends
    assert project(s).summary["break_even_month"] <= 30
    changed = [
        m
        for m in range(12)
        if s.acquisition.seasonality[m] != scenario.load(EXAMPLE).acquisition.seasonality[m]
    ]
    assert changed == [11]


# -- Commands ---------------------------------------------------------------------------


def test_simulate_writes_identical_bytes_for_the_same_seed(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from projector.cli import cli

    outputs = []
    for run in ("a", "b"):
        result = CliRunner().invoke(
            cli, ["simulate", str(UNCERTAIN), "--paths", "300", "-o", str(tmp_path / run)]
        )
        assert result.exit_code == 0, result.output
        assert "P(cash runs out)" in result.output
        outputs.append((tmp_path / run / "personalized_treasures_risks_risk.json").read_bytes())
    assert outputs[0] == outputs[1]
    data = json.loads(outputs[0])
    assert data["paths"] == 300 and data["seed"] == 2027


def test_sensitivity_command_without_uncertainty_uses_default_drivers(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from projector.cli import cli

    result = CliRunner().invoke(cli, ["sensitivity", str(EXAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "personalized_treasures_sensitivity.json").read_text())
    expected = [sensitivity.as_json(e) for e in sensitivity.tornado(scenario.load(EXAMPLE))]
    assert data == {"declared": False, "tornado": expected}
    assert data["tornado"][0]["input"] == "orders.aov"
    assert data["tornado"][0]["low"] == pytest.approx(62 * 0.8)


# -- projector run: the JSON, the Risk sheet and the report agree ---------------------------


def test_run_puts_the_same_risk_in_json_sheet_and_report(tmp_path: Path) -> None:
    import openpyxl

    from projector import pipeline

    child = tmp_path / "risky.yaml"
    child.write_text(f"extends: {UNCERTAIN}\nuncertainty: {{paths: 400, seed: 5}}\n")
    result = pipeline.run(child, tmp_path / "out")
    data = json.loads((tmp_path / "out" / "risky.json").read_text())
    s = scenario.load(child)
    assert data["risk"] == json.loads(json.dumps(risk.simulate(s)))  # what simulate gives
    ws = openpyxl.load_workbook(tmp_path / "out" / "risky.xlsx")["Risk"]
    assert "400 paths, seed 5" in ws["A2"].value
    cells = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 7)] for r in range(5, 16)}
    ending = data["risk"]["summary"]["ending_cash"]
    # XlsxWriter writes 15-16 significant digits: the same numbers to the last digit or so
    expected = [ending["p10"], ending["p50"], ending["p90"], ending["mean"], 0]
    assert cells["Ending cash"] == pytest.approx(expected, rel=1e-14)
    assert cells["Probability the cash runs out"][0] == data["risk"]["probability"]["cash_out"]
    first_bar = [ws.cell(18, c).value for c in range(1, 4)]
    top = data["risk"]["tornado"][0]
    names = scenario.channel_names(s)
    assert first_bar == [
        scenario.input_label(top["input"], "en", with_address=False, shown=names),
        pytest.approx(top["low"], rel=1e-14),
        pytest.approx(top["high"], rel=1e-14),
    ]
    assert ws.cell(17, 12).value == "Scenario key" and ws.cell(18, 12).value == top["input"]
    assert "." not in first_bar[0]  # a reader's name, not an address
    md = (tmp_path / "out" / "risky.md").read_text()
    share = round(100 * data["risk"]["probability"]["cash_out"])
    assert f"In {share}% of simulated futures the cash runs out" in md
    need = data["risk"]["summary"]["funding_need"]["p90"]
    from projector.present.risk import extra_cash

    assert extra_cash(data["risk"]) >= need and extra_cash(data["risk"]) < need * 1.1 + 1
    assert f"you need about \\${extra_cash(data['risk']):,.0f} more" in md
    assert (tmp_path / "out" / "risky_chart_risk_cash.svg").exists()
    assert result.projection.risk == data["risk"]


def test_extra_cash_keeps_the_share_of_cash_outs_near_ten_percent(tmp_path: Path) -> None:
    # Adding the suggested cash to the starting cash and simulating again (same draws):
    # at most 10 % of the futures run out of cash.
    from projector.present.risk import extra_cash

    s = scenario.load(UNCERTAIN)
    s = replace(s, uncertainty=replace(s.uncertainty, paths=500))
    r = risk.simulate(s)
    assert r["probability"]["cash_out"] > 0.10
    more = replace(
        s,
        financing=replace(s.financing, starting_cash=s.financing.starting_cash + extra_cash(r)),
    )
    assert risk.simulate(more)["probability"]["cash_out"] <= 0.10


def test_the_deck_risk_slide_shows_the_simulation(tmp_path: Path) -> None:
    from pptx import Presentation

    from projector import pipeline

    child = tmp_path / "risky.yaml"
    child.write_text(f"extends: {UNCERTAIN}\nuncertainty: {{paths: 300}}\n")
    pipeline.run(child, tmp_path / "out", deck=True)
    deck = Presentation(str(tmp_path / "out" / "risky.pptx"))
    data = json.loads((tmp_path / "out" / "risky.json").read_text())
    share = round(100 * data["risk"]["probability"]["cash_out"])
    (slide,) = [
        s
        for s in deck.slides
        if any(
            f"In {share}% of simulated futures" in sh.text_frame.text
            for sh in s.shapes
            if sh.has_text_frame
        )
    ]
    charts = [sh.chart for sh in slide.shapes if sh.has_chart]
    fan, bars = charts
    p50 = next(s for s in fan.plots[0].series if s.name == "P50")
    assert list(p50.values) == pytest.approx(data["risk"]["monthly"]["cash"]["p50"])
    assert len(bars.plots[0].categories) == len(data["risk"]["tornado"])


def test_compare_shows_probabilities_and_p50s_beside_each_scenario(tmp_path: Path) -> None:
    from projector import pipeline

    risky = tmp_path / "risky.yaml"
    risky.write_text(f"extends: {UNCERTAIN}\nuncertainty: {{paths: 200}}\n")
    base = ROOT / "scenarios" / "personalized_treasures" / "base.yaml"
    pipeline.run_compare([base, risky], tmp_path / "out", "cmp")
    data = json.loads((tmp_path / "out" / "cmp.json").read_text())
    assert "risk" not in data["base"]
    r = data["risky"]["risk"]
    assert r == json.loads(json.dumps(risk.simulate(scenario.load(risky))))
    md = (tmp_path / "out" / "cmp.md").read_text()
    row = next(
        line
        for line in md.splitlines()
        if line.startswith("| Personalized Treasures - with risks |") and "%" in line
    )
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == f"{round(100 * r['probability']['cash_out'])}%"
    assert cells[3] == f"\\${r['summary']['ending_cash']['p50']:,.0f}"


def test_run_with_risks_is_byte_identical_and_simulate_needs_uncertainty(tmp_path: Path) -> None:
    from projector import pipeline

    child = tmp_path / "risky.yaml"
    child.write_text(f"extends: {UNCERTAIN}\nuncertainty: {{paths: 150}}\n")
    first = pipeline.run(child, tmp_path / "a").written
    second = pipeline.run(child, tmp_path / "b").written
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "projector", "simulate", str(EXAMPLE), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "declares no uncertainty: add an `uncertainty:` section" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_report_writes_each_input_in_its_own_units_and_words(tmp_path: Path) -> None:
    """Money inputs read as money, rates as percents, each named as a reader would."""
    from projector.model import kpis
    from projector.present import risk as present_risk

    s = scenario.load(UNCERTAIN)
    p = project(s)
    risk_, per_path = risk.simulate_with_paths(s)
    p = dataclasses.replace(p, risk=risk_, risk_paths=per_path)
    r = present_report.build(p, kpis.evaluate(p), chart_prefix="x_", generated=generated_date())
    section = present_risk.build(p, r.formatter, present_report.time_axis(p, r.formatter), "x_")
    kinds = {x.address: x.kind for x in s.uncertainty.inputs}
    assert section is not None
    by_label = {row.label: row.cells for row in section.tornado}
    aov = by_label["Average order value (orders.aov)"]
    assert aov[0].startswith("$") and aov[1].startswith("$")
    churn = by_label["Monthly churn (customers.churn)"]
    assert churn[0].endswith("%") and churn[1].endswith("%")
    assert kinds["orders.aov"] == scenario.MONEY
    # a channel by its label, the address beside it: never the bare id as its name
    assert "Conversion rate · Social media (acquisition.channels.social.conversion)" in by_label


@pytest.mark.parametrize(
    ("language", "funding", "says"),
    [
        ("en", "Funding need", "P10 is therefore the good case and P90 the bad one"),
        ("fr", "Besoin de financement", "P10 est donc le bon cas et P90 le mauvais"),
    ],
)
def test_the_risk_table_says_p90_is_the_bad_case_where_less_is_better(
    tmp_path: Path, language: str, funding: str, says: str
) -> None:
    """A funding need's P90 is its bad case, unlike ending cash's: the note under the table
    says so, in the reader's language, so an investor does not read P10 as the bad column."""
    from projector.model import kpis
    from projector.present import risk as present_risk

    path = tmp_path / "risk.yaml"
    path.write_text(f"extends: {UNCERTAIN}\nscenario:\n  locale: {language}\n", encoding="utf-8")
    s = scenario.load(path)
    risk_, per_path = risk.simulate_with_paths(s)
    p = dataclasses.replace(project(s), risk=risk_, risk_paths=per_path)
    r = present_report.build(p, kpis.evaluate(p), chart_prefix="x_", generated=generated_date())
    section = present_risk.build(p, r.formatter, present_report.time_axis(p, r.formatter), "x_")
    assert section is not None
    assert any(row.label.startswith(funding) for row in section.rows)
    assert says in section.note
    later = {"en": "the month the cash runs out, later is better", "fr": "plus tard vaut mieux"}
    assert later[language] in section.note  # a later cash-out is the good case
