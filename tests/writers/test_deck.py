"""The investor deck: read back with python-pptx, and rendered by LibreOffice Impress.

The numbers on the slides and in the charts are checked against the engine (the
projection, and re-projections for the tornado); the rendering tests (marker `render`)
print each deck to PDF in LibreOffice Impress and check that every slide's text stays
inside its box and on the page.
"""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Emu

from projector import pipeline, scenario
from projector.analysis import sensitivity
from projector.cli import cli
from projector.model import kpis, project
from projector.present import report as present_report
from projector.present.numbers import Formatter, generated_date
from projector.writers import deck

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
TREASURES = SCENARIOS / "personalized_treasures.yaml"
GIFTCRAFTERS = SCENARIOS / "giftcrafters_haven.yaml"  # French, EUR, needs funding
VARIANTS = sorted((SCENARIOS / "personalized_treasures").glob("*.yaml"))
NASTY = '=HYPERLINK("http://x") <b>Tom & Jerry</b>'
NBSP = "\u00a0"


def _variant(tmp: Path, stem: str, **changes: str) -> Path:
    """The Personalized Treasures example with lines of its `scenario:` block replaced."""
    text = TREASURES.read_text(encoding="utf-8")
    for key, value in changes.items():
        text, n = re.subn(rf"(?m)^  {key}: .*$", f"  {key}: {value}", text, count=1)
        assert n == 1, key
    path = tmp / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Decks written by the pipeline, as `projector run --deck` and `compare --deck` do."""
    tmp = tmp_path_factory.mktemp("decks")
    out = tmp / "out"
    sources = {
        "en": TREASURES,
        "fr": GIFTCRAFTERS,
        "jpy": _variant(tmp, "yen", currency="JPY"),
        "nasty": _variant(tmp, "nasty", name=json.dumps(NASTY)),  # JSON is YAML
    }
    paths = {}
    for key, source in sources.items():
        pipeline.run(source, out, deck=True)
        paths[key] = out / f"{source.stem}.pptx"
    pipeline.run_compare([*VARIANTS, sources["nasty"]], out, "cmp", deck=True)
    paths["compare"] = out / "cmp.pptx"
    return paths


def _projection(path: Path):
    return project(scenario.load(path))


def _slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            parts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(parts)


def _charts(slide) -> list:
    return [s.chart for s in slide.shapes if getattr(s, "has_chart", False) and s.has_chart]


def _slides(path: Path) -> list:
    return list(Presentation(str(path)).slides)


def _values(series) -> list[float | None]:
    return list(series.values)


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 or abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def _all_close(a, b) -> bool:
    return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))


# --- Read back: charts are native and hold the engine's numbers -----------------------------


def test_deck_is_16_9_with_one_sentence_title_per_slide(decks):
    prs = Presentation(str(decks["en"]))
    assert (prs.slide_width, prs.slide_height) == (Emu(12191695), Emu(6858000))
    slides = list(prs.slides)
    assert 8 <= len(slides) <= 10
    for slide in slides[1:]:
        title = slide.shapes[0].text_frame.text
        assert len(title.split()) >= 5, title  # a sentence, not a label
    # no pictures: every chart is a chart object
    assert all(s.shape_type != 13 for slide in slides for s in slide.shapes)
    assert sum(len(_charts(s)) for s in slides) == 5  # orders, waterfall, P&L, cash, tornado


def test_charts_hold_the_engines_series(decks):
    p = _projection(TREASURES)
    slides = _slides(decks["en"])
    (orders,) = _charts(slides[2])
    new, repeat = orders.plots[0].series
    assert _all_close(_values(new), p.monthly["new_customers"])
    assert _all_close(_values(repeat), p.monthly["repeat_orders"])
    assert len(orders.plots[0].categories) == 48

    (pnl,) = _charts(slides[4])
    bars, lines = pnl.plots
    for series, line in zip(
        bars.series, ("net_revenue", "gross_profit", "ebitda", "net_income"), strict=True
    ):
        assert _all_close(_values(series), p.annual[line]), line
    for series, line in zip(lines.series, ("gross_margin", "ebitda_margin"), strict=True):
        assert _all_close(_values(series), p.annual[line]), line

    (cash,) = _charts(slides[5])
    assert _all_close(_values(cash.plots[0].series[0]), p.monthly["cash"])


def test_waterfall_steps_add_up_to_the_margin_per_order(decks):
    p = _projection(TREASURES)
    (chart,) = _charts(_slides(decks["en"])[3])
    base, total, up, down = (_values(s) for s in chart.plots[0].series)
    steps = [
        t if t is not None else u if u is not None else -d
        for t, u, d in zip(total, up, down, strict=True)
    ]
    assert steps[0] == pytest.approx(62)  # the example's order value
    assert steps[2] == pytest.approx(p.summary["gross_per_order"])
    assert steps[-1] == pytest.approx(p.summary["margin_per_order"])
    # each change starts where the previous bar ended
    level = 0.0
    for b, t, u, d in zip(base, total, up, down, strict=True):
        if t is not None:
            level = t
        elif u is not None:
            assert b == pytest.approx(level)
            level += u
        else:
            assert b == pytest.approx(level - d)
            level -= d
    assert level == pytest.approx(p.summary["margin_per_order"])


def test_tornado_chart_equals_independent_re_projections(decks):
    s = scenario.load(TREASURES)
    base = project(s).summary["ending_cash"]
    (chart,) = _charts(_slides(decks["en"])[6])
    low, high = chart.plots[0].series
    categories = list(chart.plots[0].categories)
    assert categories[0] == "Average order value"
    # the top bar by hand: aov 49.60 and 74.40 give these ending cash figures, each a
    # projection of the example edited in YAML (tests/test_sensitivity.py checks all)
    aov = project(sensitivity.with_value(s, ("orders", "aov"), 62 * 0.8)).summary
    assert low.values[0] == pytest.approx(aov["ending_cash"] - base)
    t = sensitivity.tornado(s)
    assert _all_close(_values(low), [e.ending_cash[0] - base for e in t])
    assert _all_close(_values(high), [e.ending_cash[1] - base for e in t])
    assert len(categories) == len(t) == 11


def test_risk_title_when_nothing_moves_ending_cash():
    """No visits, so no sales: flexing the order value changes nothing, and the title says so
    rather than `ending cash from -$300 to -$300`."""
    p = _projection(ROOT / "tests" / "fixtures" / "edge.yaml")
    r = present_report.build(p, kpis.evaluate(p), chart_prefix="x_", generated=generated_date())
    t = sensitivity.tornado(p.scenario)
    assert [e.swing for e in t] == [0.0]
    slide = next(s for s in deck.build(r, p, t, generated_date()).slides if s.id == "risk")
    assert slide.title.startswith("None of the usual drivers moves ending cash")


def test_headline_numbers_equal_the_engine(decks):
    p = _projection(TREASURES)
    s = p.summary
    text = _slide_text(_slides(decks["en"])[1])
    fmt = Formatter("en", "USD", tuple(p.months))
    # the README's figures for this example, and the engine's, written the same way
    assert fmt.cal(s["break_even_month"]) == f"Aug{NBSP}2029"
    assert f"\nAug{NBSP}2029\n" in text  # the big number
    assert "Month 32:" in text
    assert s["funding_need"] == 0 and "\nNone beyond the plan\n" in f"\n{text}\n"
    assert fmt.show(s["ltv_to_cac"], "ratio") == "3.33" and "3.33" in text
    assert fmt.money(float(p.annual["net_revenue"][2])) in text
    assert fmt.money(s["min_cash"]) in text


def test_cash_slide_marks_the_lowest_point_and_lists_the_ask(decks):
    p = _projection(GIFTCRAFTERS)
    s = p.summary
    slide = _slides(decks["fr"])[5]
    fmt = Formatter("fr", "EUR", tuple(p.months))
    text = _slide_text(slide)
    assert fmt.money(s["funding_need"]) in slide.shapes[0].text_frame.text  # in the title
    assert s["funding_need"] == pytest.approx(25444, abs=0.5)
    assert f"25{NBSP}444{NBSP}€" in text
    (chart,) = _charts(slide)
    point = chart.plots[0].series[0].points[int(s["min_cash_month"]) - 1]
    assert point.data_label.text_frame.text == f"point bas{NBSP}: {fmt.money(s['min_cash'])}"


def test_ask_rows_list_the_uses_of_funds_after_the_funding_need():
    """The ask: what the money is for (use_*), then when cash runs out; uses less the funding
    already assumed (15,000 starting cash + 35,000 + 12,000 of loans) is the funding need."""
    p = _projection(GIFTCRAFTERS)
    s = p.summary
    r = present_report.build(p, kpis.evaluate(p), chart_prefix="x_", generated=generated_date())
    fmt = r.formatter
    rows = deck.ask_rows(r, p)
    assert [v for _, v in rows[:5]] == [
        fmt.money(s["funding_need"]),
        fmt.money(s["use_operating"]),
        fmt.money(s["use_capex"]),
        fmt.money(s["use_debt_service"]),
        fmt.cal(s["cash_out_month"]),
    ]
    assert rows[2] == (f"Emplois{NBSP}: investissements", f"25{NBSP}000{NBSP}€")
    uses = s["use_operating"] + s["use_capex"] + s["use_debt_service"]
    assert uses - (15000 + 35000 + 12000) == pytest.approx(s["funding_need"], abs=1e-6)


def test_french_deck_and_currencies(decks):
    fr = _slides(decks["fr"])
    assert "Équilibre en sept." in fr[1].shapes[0].text_frame.text
    (cash,) = _charts(fr[5])
    assert cash.value_axis.tick_labels.number_format.startswith('[$-40C]#,##0\\ "€"')
    jp = _slides(decks["jpy"])
    assert "¥" in _slide_text(jp[1])
    (cash,) = _charts(jp[5])
    assert cash.value_axis.tick_labels.number_format.startswith('"¥"#,##0')
    en = _slides(decks["en"])
    (cash,) = _charts(en[5])
    assert cash.value_axis.tick_labels.number_format.startswith('"$"#,##0')


def test_scenario_text_shows_as_written(decks):
    slides = _slides(decks["nasty"])
    assert NASTY in _slide_text(slides[0])
    assert NASTY in _slide_text(slides[3])  # the footer
    xml = zipfile.ZipFile(decks["nasty"]).read("ppt/slides/slide1.xml").decode()
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in xml
    # In the comparison, the name is a chart series: its data stays text, not a formula.
    (cash,) = _charts(_slides(decks["compare"])[-1])
    names = [s.name for s in cash.plots[0].series]
    assert NASTY in names
    with zipfile.ZipFile(decks["compare"]) as z:
        embedded = [n for n in z.namelist() if n.startswith("ppt/embeddings/")]
        last = max(embedded, key=lambda n: int(re.findall(r"\d+", n)[-1]))
        sheet = load_workbook(io.BytesIO(z.read(last))).active
    cells = [c for c in sheet[1] if c.value == NASTY]
    assert cells and cells[0].data_type == "s"


def test_compare_deck_adds_the_scenarios_side_by_side(decks):
    slides = _slides(decks["compare"])
    base_slides = len(_slides(decks["en"])) - 0  # the base (base.yaml) has the same slides
    assert len(slides) == base_slides + 1
    last = slides[-1]
    text = _slide_text(last)
    entries = [_projection(v) for v in VARIANTS]
    fmt = Formatter("en", "USD", tuple(entries[0].months))
    for p in entries:
        assert p.scenario.scenario.name in text
        assert fmt.money(p.summary["ending_cash"]) in text
    (chart,) = _charts(last)
    series = chart.plots[0].series
    assert len(series) == 4
    for s, p in zip(series, entries, strict=False):  # the 4th is the nasty one
        assert s.name == p.scenario.scenario.name
        assert _all_close(_values(s), p.monthly["cash"])


def test_compare_of_plans_starting_in_different_months(tmp_path):
    """The cash lines then share projection months, 1 to the longest horizon."""
    pipeline.run_compare([TREASURES, GIFTCRAFTERS], tmp_path, "mixed", deck=True)
    (chart,) = _charts(_slides(tmp_path / "mixed.pptx")[-1])
    # python-pptx reads an empty label (<c:v/>) back as the text "None"
    categories = ["" if str(c) == "None" else str(c) for c in chart.plots[0].categories]
    assert categories[:8] == ["1", "", "", "", "", "", "", ""]  # a label every 12 months
    assert categories[12] == "13" and len(categories) == 48
    assert chart.category_axis.axis_title.text_frame.text == "Projection month"
    for series, path in zip(chart.plots[0].series, (TREASURES, GIFTCRAFTERS), strict=True):
        cash = _projection(path).monthly["cash"]
        assert _all_close(_values(series)[: len(cash)], cash)


def test_same_input_same_bytes(tmp_path):
    for out in ("a", "b"):
        pipeline.run(TREASURES, tmp_path / out, deck=True)
    a, b = ((tmp_path / o / "personalized_treasures.pptx").read_bytes() for o in "ab")
    assert a == b


def test_run_without_deck_never_imports_python_pptx(tmp_path):
    code = (
        "import sys; from pathlib import Path; from projector import pipeline; "
        f"pipeline.run(Path({str(TREASURES)!r}), Path({str(tmp_path)!r})); "
        "print('pptx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert not list(tmp_path.glob("*.pptx"))


def test_cli_deck_flag_and_all_or_nothing(tmp_path, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(cli, ["run", str(TREASURES), "-o", str(tmp_path / "ok"), "--deck", "-q"])
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "ok" / "personalized_treasures.pptx") in result.output

    def broken(*args, **kwargs):
        raise RuntimeError("deck failed")

    monkeypatch.setattr(deck, "for_run", broken)
    with pytest.raises(RuntimeError):
        pipeline.run(TREASURES, tmp_path / "bad", deck=True)
    assert list((tmp_path / "bad").iterdir()) == []  # no workbook, report or deck


# --- Rendered by LibreOffice Impress ----------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(decks, tmp_path_factory) -> dict[str, Path]:
    import recalc

    keys = ("en", "fr", "compare")
    pdfs = recalc.slides_to_pdf_many([decks[k] for k in keys], tmp_path_factory.mktemp("pdf"))
    return dict(zip(keys, pdfs, strict=True))


def _pdf_words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)<'
    return [
        (float(a), float(b), float(c), float(d), html.unescape(w))
        for a, b, c, d, w in re.findall(pattern, out)
    ]


def _boxes(slide) -> list[tuple[tuple[float, float, float, float], str]]:
    """Each shape's box in PDF points, with the text it holds ('' for charts)."""
    out = []
    for shape in slide.shapes:
        box = tuple(
            v / 12700
            for v in (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
        )
        if getattr(shape, "has_table", False) and shape.has_table:
            text = " ".join(c.text for row in shape.table.rows for c in row.cells)
        elif shape.has_text_frame:
            text = shape.text_frame.text
        else:
            text = ""
        out.append((box, text))
    return out


def _inside(word, box, slack: float = 3.0) -> bool:
    x0, y0, x1, y1, _ = word
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return box[0] - slack <= cx <= box[2] + slack and box[1] - slack <= cy <= box[3] + slack


@pytest.mark.render
@pytest.mark.parametrize("key", ["en", "fr", "compare"])
def test_rendered_deck_every_text_in_its_box(decks, rendered, key):
    slides = _slides(decks[key])
    pdf = rendered[key]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info)[1]) == len(slides)
    width, height = (
        float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups()
    )
    assert width / height == pytest.approx(16 / 9, rel=1e-3)
    problems = []
    for n, slide in enumerate(slides, start=1):
        words = _pdf_words(pdf, n)
        boxes = _boxes(slide)
        for w in words:
            if not (w[0] >= 0 and w[2] <= width and w[1] >= 0 and w[3] <= height):
                problems.append(f"slide {n}: {w[4]!r} off the page")
            elif not any(_inside(w, b) for b, _ in boxes):
                problems.append(f"slide {n}: {w[4]!r} outside every shape at {w[:4]}")
        for box, text in boxes:
            found = "".join(w[4] for w in words if _inside(w, box))
            missing = [t for t in text.split() if t not in found]
            if missing:
                problems.append(f"slide {n}: {missing[:5]} not inside their box {box}")
    assert problems == []


@pytest.mark.render
@pytest.mark.parametrize("key", ["en", "fr", "compare"])
def test_rendered_chart_titles_are_in_the_pdf(decks, rendered, key):
    text = subprocess.run(
        ["pdftotext", str(rendered[key]), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    titles = [c.chart_title.text_frame.text for s in _slides(decks[key]) for c in _charts(s)]
    assert len(titles) >= 5
    for title in titles:
        assert " ".join(title.split()) in flat, title
    assert Counter(flat.split())  # the text layer exists


def test_channels_are_named_by_their_labels_on_every_slide(decks):
    """A reader sees "Réseaux sociaux", never the id `walk_in` or `social`."""
    slides = _slides(decks["fr"])
    text = "\n".join(_slide_text(s) for s in slides)
    categories = [str(c) for s in slides for chart in _charts(s) for c in chart.plots[0].categories]
    assert "Réseaux sociaux" in _slide_text(slides[2])  # the revenue build's channel table
    for channel_id in ("walk_in", "consultation"):
        assert channel_id not in text
        assert not any(channel_id in c for c in categories)


def test_table_figures_fit_their_columns_on_one_line(tmp_path):
    """A French P&L's "1 442 530 €" must not break before its "€": every figure of every
    deck table is sized so its column holds it (digits about 0.56 em wide), one size per
    table, and the headers keep the table's size."""
    pipeline.run(ROOT / "scenarios" / "gem_luxe_creations.yaml", tmp_path, deck=True)
    deck = Presentation(str(tmp_path / "gem_luxe_creations.pptx"))
    tables = [s.table for slide in deck.slides for s in slide.shapes if s.has_table]
    assert tables
    for table in tables:
        sizes = set()
        for row in list(table.rows)[1:]:
            for j, cell in enumerate(row.cells):
                para = cell.text_frame.paragraphs[0]
                if para.alignment is None or "RIGHT" not in str(para.alignment) or not cell.text:
                    continue
                size = para.runs[0].font.size.pt
                sizes.add(size)
                room = Emu(table.columns[j].width).inches - 0.12
                assert len(cell.text) * 0.56 * size / 72 <= room + 1e-9 or size == 8, cell.text
        assert len(sizes) <= 1


def test_amounts_and_margins_share_their_zero_line():
    """Gem Luxe's P&L chart, worked by hand: amounts -41,659 to 1,442,530 step by 500,000
    (1 step below zero, 3 above); margins -13.3 % to 49.6 % step by 20 % (1 below, 3
    above). Zero sits a quarter of the way up on both axes."""
    from projector.writers.deck import Scale, shared_zero

    left, right = shared_zero([312_317.0, -41_659.0, 1_442_530.0, None], [-0.133, 0.496])
    assert left == Scale(-500_000.0, 1_500_000.0, 500_000.0)
    assert right == Scale(-0.2, 0.6000000000000001, 0.2) or right == Scale(-0.2, 0.6, 0.2)
    # a margin that dips lower than the amounts do pulls both axes down alike
    # (amounts 0 to 900 by 200: 0 below, 5 above; margins -45 % to 10 % by 20 %: 3 below)
    left, right = shared_zero([100.0, 900.0], [-0.45, 0.1])
    assert left == Scale(-600.0, 1_000.0, 200.0)
    assert round(right.low / right.step) == -3 and round(right.high / right.step) == 5
