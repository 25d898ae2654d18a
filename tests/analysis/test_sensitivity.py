"""The default sensitivity tornado (docs/risk.md, the tornado): by hand, and against independent runs."""

from pathlib import Path

import pytest

from projector import scenario
from projector.analysis import sensitivity
from projector.model import project

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "personalized_treasures.yaml"

# One month, one channel, no repeat orders: every number of the tornado by hand.
# Base: 1000 visits x 10% = 100 orders of 50 = 5,000 of sales, materials 20% = 1,000,
# EBITDA 4,000, cash -4,500 + 4,000 = -500 (funding need 500).
HAND = """
scenario: {name: Hand, start: "2027-01", months: 1}
acquisition:
  channels: [{name: web, visits: 1000, conversion: 10%}]
orders: {aov: 50}
unit_costs: {material: 20%}
financing: {starting_cash: -4500}
"""


def _entries(text: str) -> dict[str, sensitivity.Entry]:
    return {e.input: e for e in sensitivity.tornado(scenario.loads(text))}


def test_tornado_by_hand() -> None:
    t = sensitivity.tornado(scenario.loads(HAND))
    # cac, churn, repeat_rate and return_rate are 0: left out.
    # conversion and aov tie (a swing of 1,600 each): the tie goes by address.
    assert [e.input for e in t] == [
        "acquisition.channels.web.conversion",
        "orders.aov",
        "unit_costs.material",
    ]
    conv, aov, material = t
    # aov 40: 100 x 40 x (1 - 20%) = 3,200 -> cash -1,300; aov 60: 4,800 -> cash 300.
    assert (aov.base, aov.low, aov.high) == pytest.approx((50, 40, 60))
    assert aov.ending_cash == pytest.approx((-1300, 300))
    assert aov.funding_need == pytest.approx((1300, 0))
    assert aov.break_even_month == (1, 1)
    # 80 or 120 orders of 50: the same money as aov 40 or 60.
    assert conv.low == pytest.approx(0.08) and conv.high == pytest.approx(0.12)
    assert conv.ending_cash == pytest.approx((-1300, 300))
    # materials 16% -> 5,000 - 800 = 4,200 -> cash -300; 24% -> 3,800 -> cash -700.
    assert material.ending_cash == pytest.approx((-300, -700))
    assert material.funding_need == pytest.approx((300, 700))
    assert material.swing == pytest.approx(400)


def test_clipped_to_the_valid_range() -> None:
    text = HAND.replace("conversion: 10%", "conversion: 90%")
    conv = _entries(text)["acquisition.channels.web.conversion"]
    assert (conv.low, conv.high) == pytest.approx((0.72, 1.0))  # 1.08 is not a share
    # 1000 visits x 100% x 50 x 80% = 40,000 -> cash 35,500
    assert conv.ending_cash[1] == pytest.approx(35500)


def test_the_scenario_itself_is_untouched() -> None:
    s = scenario.loads(HAND)
    changed = sensitivity.with_value(s, ("acquisition", "channels", 0, "conversion"), 0.5)
    assert s.acquisition.channels[0].conversion == 0.1
    assert changed.acquisition.channels[0].conversion == 0.5
    assert changed.orders == s.orders and changed.financing == s.financing


def _child(tmp_path: Path, address: str, value: float) -> scenario.Scenario:
    """The scenario with one input changed through the loader (`extends`), not through
    the dataclasses, so the tornado is checked by an independent route."""
    parts = address.split(".")
    if parts[1] == "channels":
        body = f"acquisition: {{channels: [{{name: {parts[2]}, {parts[3]}: {value!r}}}]}}"
    else:
        body = f"{parts[0]}: {{{parts[1]}: {value!r}}}"
    path = tmp_path / f"{address}-{value}.yaml"
    path.write_text(f"extends: {EXAMPLE}\n{body}\n", encoding="utf-8")
    return scenario.load(path)


def test_tornado_equals_independent_re_projections(tmp_path: Path) -> None:
    s = scenario.load(EXAMPLE)
    t = sensitivity.tornado(s)
    assert len(t) == 11  # 3 channels x (conversion, cac) + 5 drivers, none at 0
    swings = [e.swing for e in t]
    assert swings == sorted(swings, reverse=True)
    for e in t:
        for side, value in ((0, e.low), (1, e.high)):
            summary = project(_child(tmp_path, e.input, value)).summary
            for result in sensitivity.RESULTS:
                assert getattr(e, result)[side] == pytest.approx(summary[result], rel=1e-12)
    top = t[0]
    assert top.input == "orders.aov"  # the price moves this plan most
    assert (top.low, top.high) == pytest.approx((49.6, 74.4))
