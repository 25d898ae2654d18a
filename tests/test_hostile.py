"""Hostile input and faults during output: never a crash, never a half-written output.

Every case runs `projector run` over a folder that already holds a run's outputs, then
checks the message (located), the exit code, that no traceback was printed, that the
earlier outputs are byte-identical and that no temporary file is left.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pytest
from recalc import recalc_gnumeric, recalc_libreoffice, workbook_values
from xlsxwriter.exceptions import FileCreateError

from projector import cli, pipeline
from projector import signals as projector_signals
from projector.errors import ScenarioError
from projector.model import CONTRIBUTION_TOLERANCE, project
from projector.scenario import MAX_FILE_BYTES, load, loads
from projector.writers.xlsx import workbook

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny.yaml"

BASE = """\
scenario: {name: T, start: "2027-01", months: 3}
acquisition:
  channels:
    - {name: email, visits: 100, conversion: 5%, cac: 4}
orders: {aov: 50}
staff:
  - {role: Dev, monthly_salary: 100}
  - {role: Dev, monthly_salary: 200}
"""


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the outputs of an earlier run of tiny.yaml, copied for each case."""
    out = tmp_path_factory.mktemp("earlier")
    assert run_in_process("-q", "run", str(TINY), "-o", str(out))[0] == 0
    return out


def run_in_process(*args: str) -> tuple[int, str]:
    """projector's real entry point (exit code mapping and all), in this process."""
    argv, install = sys.argv, projector_signals.install
    sys.argv = ["projector", *args]
    projector_signals.install = lambda: None  # keep pytest's own Ctrl-C handling
    try:
        cli.main()
    except SystemExit as done:
        return int(done.code or 0), ""
    finally:
        sys.argv, projector_signals.install = argv, install
    return 0, ""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by name, hidden ones included."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def hostile_run(
    tmp_path: Path, earlier: Path, capsys: pytest.CaptureFixture, text: str, code: int = 1
) -> str:
    """Run a scenario text over earlier outputs; return stderr after the common checks."""
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    before = snapshot(out)
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # numpy overflow warnings
        got, _ = run_in_process("-q", "run", str(path), "-o", str(out))
    err = capsys.readouterr().err
    assert got == code, err
    assert "Traceback" not in err and "Internal error" not in err, err
    assert snapshot(out) == before
    return err


# -- Crashes on input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "where", "input_path", "position"),
    [
        (("aov: 50", "aov: 1.0e+308"), "month 1 (2027-01)", "orders.aov", "5:15"),
        (
            ("monthly_salary: 100}", "monthly_salary: 1.0e+308}"),
            "month 2 (2027-02)",
            "staff[0].monthly_salary",
            "7:33",
        ),
        (
            (
                "orders: {aov: 50}",
                "orders: {aov: 50}\nfinancing: {starting_cash: 1.7e+308, "
                "equity: [{month: 2, amount: 1.0e+308}]}",
            ),
            "month 2 (2027-02)",
            "financing.starting_cash",
            "6:28",
        ),
        (
            ("months: 3}", "months: 240}"),
            "month 27 (2029-03)",
            "acquisition.channels[0].visits",
            "4:29",
        ),
    ],
    ids=["aov", "salary", "cash", "visits-growth"],
)
def test_numbers_that_overflow_name_the_input_and_month(
    tmp_path, earlier, capsys, change, where, input_path, position
):
    text = BASE.replace(*change)
    if "240" in change[1]:
        text = text.replace("visits: 100,", "visits: 1.0e+300, growth: 100%,")
    err = hostile_run(tmp_path, earlier, capsys, text)
    assert f"hostile.yaml:{position}: {input_path}" in err
    assert f"the projection stops being a finite number in {where}" in err


def test_an_overflow_is_a_scenario_error_of_the_engine():
    scenario = loads(BASE.replace("aov: 50", "aov: 1.0e+308"), "big.yaml")
    with pytest.raises(ScenarioError) as raised:
        project(scenario)
    [problem] = raised.value.problems
    assert (problem.file, problem.line, problem.column) == ("big.yaml", 5, 15)
    assert problem.path == "orders.aov"
    assert problem.message == (
        "the projection stops being a finite number in month 1 (2027-01): product_sales is "
        "infinite; this input, 1e+308, is too large for it"
    )


def test_a_tiny_rate_that_makes_a_ratio_overflow_is_named():
    """Found by the property test: referrals at 5e-324 make net revenue subnormal, and
    net income / net revenue overflows; the smallest input is the one to blame."""
    text = """\
scenario: {name: T, start: "1900-06", months: 2}
acquisition:
  channels:
    - {name: email, visits: 9, conversion: 0.0625}
  seasonality: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
  referrals: {rate: 5e-324}
orders: {aov: 1}
financing: {loans: [{name: L, amount: 1, month: 1, annual_rate: 25%, term_months: 1}]}
"""
    with pytest.raises(ScenarioError) as raised:
        project(loads(text, "tiny.yaml"))
    [problem] = raised.value.problems
    assert problem.path == "acquisition.referrals.rate"
    assert problem.message == (
        "the projection stops being a finite number in month 2 (1900-07): net_margin is "
        "infinite; this input, 4.94066e-324, is too close to 0: a division by it overflows"
    )


def test_a_start_near_the_end_of_the_calendar(tmp_path, earlier, capsys):
    text = BASE.replace('"2027-01", months: 3', '"9999-12", months: 2')
    err = hostile_run(tmp_path, earlier, capsys, text)
    assert (
        "hostile.yaml:1:47: scenario.months: the projection would end in 10000-01, after "
        "9999-12, the last month spreadsheet dates reach (at most 1 from 9999-12)"
    ) in err
    assert load_text("9999-12", 1).scenario.months == 1  # the last month itself is fine


def load_text(start: str, months: int):
    return loads(BASE.replace('"2027-01", months: 3', f'"{start}", months: {months}'))


@pytest.mark.parametrize("opening,closing", [("[", "]"), ("{a: ", "}")], ids=["lists", "maps"])
def test_deep_nesting_is_refused(tmp_path, earlier, capsys, opening, closing):
    text = "scenario: " + opening * 400 + "1" + closing * 400 + "\n"
    err = hostile_run(tmp_path, earlier, capsys, text)
    assert "hostile.yaml:1:" in err and "invalid YAML: nested more than 20 levels deep" in err


def test_an_anchor_merging_into_itself(tmp_path, earlier, capsys):
    text = BASE.replace("orders: {aov: 50}", "orders: &o {aov: 1, <<: *o}")
    err = hostile_run(tmp_path, earlier, capsys, text)
    assert (
        "hostile.yaml:5:9: orders.<<: a mapping cannot merge itself (`<<` names its own anchor)"
    ) in err


def test_aliases_of_aliases_do_not_explode():
    lines = ["a0: &a0 {x: 1}"]
    lines += [f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}, *a{i - 1}]}}" for i in range(1, 40)]
    text = "\n".join(lines) + "\n" + BASE.replace("orders: {aov: 50}", "orders: {<<: *a39, aov: 5}")
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as raised:  # a0..a39 are unknown keys, x too
        loads(text, "laughs.yaml")
    assert time.perf_counter() - started < 5
    assert "orders.x: unknown key 'x'" in str(raised.value)


@pytest.mark.parametrize("parent", ["/dev/zero", "/dev/stdin"])
def test_a_parent_must_be_a_regular_file(tmp_path, earlier, capsys, parent):
    err = hostile_run(tmp_path, earlier, capsys, f"extends: {parent}\n")
    assert (
        f"hostile.yaml:1:10: extends: cannot read parent file {parent}: not a regular file" in err
    )


def test_files_have_a_size_limit(tmp_path, earlier, capsys):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * MAX_FILE_BYTES + "\n" + BASE)
    started = time.perf_counter()
    err = hostile_run(tmp_path, earlier, capsys, f"extends: {big}\n")
    assert f"cannot read parent file {big}: larger than 1 MB, the limit for a scenario file" in err
    capsys.readouterr()
    assert run_in_process("-q", "validate", str(big))[0] == 1
    assert f"cannot read scenario file {big}: larger than 1 MB" in capsys.readouterr().err
    assert time.perf_counter() - started < 5


# -- Silently wrong ---------------------------------------------------------------------


def test_a_channel_name_too_long_for_a_workbook_name(tmp_path, earlier, capsys):
    name = "c" * 240
    err = hostile_run(tmp_path, earlier, capsys, BASE.replace("name: email", f"name: {name}"))
    assert (
        "hostile.yaml:4:14: acquisition.channels[0].name: expected a channel name of at most "
        "64 characters, got 240 (it ends workbook names, which hold 255)"
    ) in err


def test_the_longest_channel_name_still_gets_its_workbook_names(tmp_path):
    name = "c" * 64
    p = project(loads(BASE.replace("name: email", f"name: {name}")))
    workbook.write_workbook(p, tmp_path / "long.xlsx")
    names = workbook_values(tmp_path / "long.xlsx").defined_names
    assert {f"visits_{name}", f"new_customers_{name}", f"acquisition_spend_{name}"} <= set(names)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (
                "staff:\n  - {role: Dev, monthly_salary: 100}",
                "staff:\n  - {role: Dev, monthly_salary: 100, start_month: 010}",
            ),
            "hostile.yaml:7:51: staff[0].start_month: expected a whole month number >= 1, got 010 "
            "(YAML 1.1 reads a leading 0 as octal, 010 as 8: write it without the 0)",
        ),
        (
            (
                "staff:\n  - {role: Dev, monthly_salary: 100}",
                "staff:\n  - {role: Dev, monthly_salary: 100, start_month: 08}",
            ),
            "hostile.yaml:7:51: staff[0].start_month: expected a whole month number >= 1, got '08' "
            "(write the number without its leading 0)",
        ),
        (
            (
                "orders: {aov: 50}",
                "orders: {aov: 50}\nfinancing: {loans: [{name: L, amount: 1, month: 1, annual_rate: 1%, term_months: 3:00}]}",
            ),
            "hostile.yaml:6:82: financing.loans[0].term_months: expected a whole number of months "
            ">= 1, got 3:00 (YAML 1.1 reads a:b as base 60: write the plain number)",
        ),
        (
            ("aov: 50", "aov: 0x4B0"),
            "hostile.yaml:5:15: orders.aov: expected an amount >= 0, got 0x4B0 (YAML 1.1 reads it "
            "in base 16, 2 or 8: write the number in decimal)",
        ),
        (
            ("name: T,", "name: !!python/str T,"),
            "hostile.yaml:1:18: scenario.name: unsupported tag !!python/str: got !!python/str T "
            "(tags are not supported: remove it)",
        ),
        (
            ("aov: 50", "aov: 0o17"),
            "hostile.yaml:5:15: orders.aov: expected an amount >= 0, got '0o17' (a number in "
            "base 8: write it in decimal)",
        ),
        (
            ("monthly_salary: 100}", "monthly_salary: 100, count: on}"),
            "hostile.yaml:7:45: staff[0].count: expected a number >= 0, got on (YAML 1.1 reads "
            "yes, no, on, off as booleans, YAML 1.2 as text: write true or false)",
        ),
    ],
    ids=["octal", "leading-zero", "sexagesimal", "hex", "python-tag", "0o", "yes"],
)
def test_yaml_11_readings_no_one_means_are_refused(tmp_path, earlier, capsys, change, message):
    assert message in hostile_run(tmp_path, earlier, capsys, BASE.replace(*change))


def test_numbers_as_yaml_12_reads_them():
    """1e3 is text to YAML 1.1 (no dot) and a number to YAML 1.2: it is read as the number."""
    s = loads(BASE.replace("aov: 50", "aov: 5e1").replace("visits: 100", "visits: 1_000"))
    assert s.orders.aov == 50.0 and s.acquisition.channels[0].visits == 1000.0


def test_a_child_naming_an_item_its_parent_has_twice(tmp_path, earlier, capsys):
    (tmp_path / "parent.yaml").write_text(BASE)
    text = f"extends: {tmp_path / 'parent.yaml'}\nstaff: [{{role: Dev, monthly_salary: 5}}]\n"
    err = hostile_run(tmp_path, earlier, capsys, text)
    parent = tmp_path / "parent.yaml"
    assert (
        f"hostile.yaml:2:16: staff[0].role: the parent has 2 items with role 'Dev' ({parent}:7 "
        f"and {parent}:8): give each staff role a distinct role in the parent to change or remove one"
    ) in err


ZERO_CONTRIBUTION = BASE.replace(", cac: 4", "").replace(
    "orders: {aov: 50}",
    'orders: {aov: 0.1}\nunit_costs: {material: "9%", fulfillment_per_order: 0.091}',
)


def test_a_contribution_of_rounding_noise_counts_as_zero():
    """0.1 - 9% of 0.1 - 0.091 is 0 on paper and 1.67e-16 in floating point."""
    p = project(loads(ZERO_CONTRIBUTION))
    contribution = p.annual["contribution"][0]
    assert 0 < contribution <= CONTRIBUTION_TOLERANCE * max(1, p.annual["gross_sales"][0])
    assert p.summary["break_even_orders_y1"] is None
    assert p.summary["break_even_revenue_y1"] is None


def test_a_small_real_contribution_still_gives_a_break_even():
    p = project(loads(ZERO_CONTRIBUTION.replace("0.091", "0.09")))  # 0.001 per order
    per_order = p.annual["contribution"][0] / p.annual["orders"][0]
    assert per_order == pytest.approx(0.001)
    assert p.summary["break_even_orders_y1"] == pytest.approx(p.annual["opex"][0] / 3 / per_order)


@pytest.mark.recalc
def test_engine_and_spreadsheets_agree_on_the_noise_and_on_one_month(tmp_path):
    """The tolerance is in the formula; one month's first_profitable_month is no #VALUE!."""
    cases = {
        "noise": (ZERO_CONTRIBUTION, ["break_even_orders_y1", "break_even_revenue_y1"]),
        "one": (ONE_PROFITABLE_MONTH, ["first_profitable_month", "break_even_month"]),
    }
    for stem, (text, items) in cases.items():
        p = project(loads(text))
        path = tmp_path / f"{stem}.xlsx"
        workbook.write_workbook(p, path)
        for recalc in (recalc_libreoffice, recalc_gnumeric):
            out = recalc(path, tmp_path / recalc.__name__)
            wb = workbook_values(out)
            summary = wb["Summary"]
            values = {summary.cell(r, 4).value: summary.cell(r, 2).value for r in range(1, 40)}
            for item in items:
                engine = p.summary[item]
                expected = "n/a" if engine is None else engine
                assert values[item] == expected, (stem, recalc.__name__, item, values[item])
    assert project(loads(ONE_PROFITABLE_MONTH)).summary["first_profitable_month"] == 1


ONE_PROFITABLE_MONTH = BASE.replace("months: 3", "months: 1").split("staff:")[0]


# -- Faults during output -----------------------------------------------------------------


def test_an_output_name_taken_by_a_folder(tmp_path, earlier, capsys):
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    (out / "tiny.md").unlink()
    (out / "tiny.md").mkdir()
    before = snapshot(out)
    capsys.readouterr()
    assert run_in_process("-q", "run", str(TINY), "-o", str(out))[0] == 1
    err = capsys.readouterr().err
    assert f"Error: cannot write {out / 'tiny.md'}: a folder has that name" in err
    assert snapshot(out) == before and (out / "tiny.md").is_dir()


def test_a_failure_half_way_through_publishing_puts_every_old_file_back(
    tmp_path, earlier, capsys, monkeypatch
):
    """The disk fills up on the third rename: the two already renamed are restored."""
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    changed = tmp_path / "tiny.yaml"
    changed.write_text(TINY.read_text().replace("aov: 50", "aov: 55"))
    before = snapshot(out)
    calls = []
    real_replace = os.replace

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(pipeline.os, "replace", replace)
    capsys.readouterr()
    assert run_in_process("-q", "run", str(changed), "-o", str(out))[0] == 1
    assert (
        f"Error: cannot write the outputs in {out}: no space left on device"
        in capsys.readouterr().err
    )
    assert snapshot(out) == before
    assert len(calls) > 3  # the two renamed outputs were moved back


def test_a_full_disk_while_the_workbook_is_written(tmp_path, earlier, capsys, monkeypatch):
    """XlsxWriter wraps the OSError in its FileCreateError: still the user's environment."""
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    before = snapshot(out)

    def full(p, target, results):
        Path(target).write_bytes(b"PK half a workbook")
        raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(pipeline.workbook, "write_workbook", full)
    capsys.readouterr()
    assert run_in_process("-q", "run", str(TINY), "-o", str(out))[0] == 1
    err = capsys.readouterr().err
    assert f"Error: cannot write the outputs in {out}: no space left on device" in err
    assert "Traceback" not in err and snapshot(out) == before


def test_a_read_only_output_folder(tmp_path, earlier, capsys):
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    before = snapshot(out)
    immutable = _make_unwritable(out)
    try:
        capsys.readouterr()
        assert run_in_process("-q", "run", str(TINY), "-o", str(out))[0] == 1
        err = capsys.readouterr().err
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(out)], check=True)
        out.chmod(0o755)
    assert f"Error: cannot write the outputs in {out}: " in err
    assert "permission denied" in err or "operation not permitted" in err
    assert "Traceback" not in err and snapshot(out) == before


def _make_unwritable(folder: Path) -> bool:
    """A read-only folder; root ignores that, so it gets the immutable flag. True if so."""
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):
        chattr = shutil.which("chattr")
        done = chattr and subprocess.run([chattr, "+i", str(folder)], capture_output=True)
        if not done or done.returncode != 0:
            folder.chmod(0o755)
            pytest.fail("cannot make a folder unwritable to this user (chattr +i, e2fsprogs)")
        return True
    return False


def _entry(*args: str, extra: tuple = (), env: dict[str, str] | None = None) -> subprocess.Popen:
    """The console script's entry point in a subprocess, so signals are real."""
    return subprocess.Popen(
        [sys.executable, *extra, "-c", "from projector.__main__ import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _wait_for(stream, marker: str, timeout: float = 60) -> str:
    """Read lines until one holds `marker`; what was read."""
    seen, started = "", time.monotonic()
    while time.monotonic() - started < timeout:
        line = stream.readline()
        if not line:
            break
        seen += line
        if marker in line:
            return seen
    raise AssertionError(f"never saw {marker!r}: {seen[-2000:]}")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_the_run_leaves_the_earlier_outputs(
    tmp_path, earlier, request, signum, code
):
    """Signalled while Chromium prints the PDF (the longest step, every other output staged):
    the earlier outputs stay, no temporary file, and no browser left running."""
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    before = snapshot(out)
    # The browser's profile goes here, ours alone to check; a short path, as Chromium's
    # sockets live there and a Unix socket path holds 108 bytes.
    private_tmp = Path(tempfile.mkdtemp(prefix="pj-sig-", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(private_tmp, ignore_errors=True))
    process = _entry("run", str(TINY), "-o", str(out), "--pdf", env={"TMPDIR": str(private_tmp)})
    _wait_for(process.stderr, "printing tiny.pdf with Chromium")
    assert sum(p.name.endswith(".tmp") for p in out.iterdir()) >= 4  # xlsx, json, html, md...
    started = time.monotonic()
    while not _processes_mentioning(str(private_tmp)) and time.monotonic() - started < 30:
        time.sleep(0.05)  # until Chromium runs: the signal must find it there
    time.sleep(0.3)
    process.send_signal(signum)
    err = process.stderr.read()
    assert process.wait(timeout=60) == code, err
    assert "Interrupted." in err and "Traceback" not in err
    assert snapshot(out) == before
    assert list(private_tmp.iterdir()) == []
    assert not _processes_mentioning(str(private_tmp))


def _processes_mentioning(text: str) -> list[int]:
    """Ids of running processes whose command line holds `text` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue  # ended meanwhile
    return found


def test_ctrl_c_during_start_up_is_quiet():
    """-X importtime reports each import on stderr: interrupt while numpy is being imported."""
    process = _entry("--version", extra=("-X", "importtime"))
    _wait_for(process.stderr, "numpy")
    process.send_signal(signal.SIGINT)
    err = process.stderr.read()
    assert process.wait(timeout=60) == 130, err
    assert "Interrupted." in err and "Traceback" not in err and "KeyboardInterrupt" not in err


# -- Weak messages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            BASE.replace("aov: 50", "aov: !money 48"),
            "hostile.yaml:5:15: orders.aov: unsupported tag !money: got !money 48 (tags are not "
            "supported: remove it)",
        ),
        (
            BASE + "customers: {\ufeffchurn: 1%}\n",
            "hostile.yaml:9:13: customers.\\ufeffchurn: unknown key '\\ufeffchurn' (it holds "
            "invisible characters) (did you mean 'churn'?)",
        ),
        (
            "extends: https://example.com/base.yaml\n",
            "hostile.yaml:1:10: extends: expected a parent file path, got "
            "'https://example.com/base.yaml' (a parent is a local file: download it first)",
        ),
        (
            "extends: parent.yaml\nacquisition: {channels: [{name: x}, {name: email, remove: 3}]}\n",
            "hostile.yaml:2:59: acquisition.channels[1].remove: expected true or false, got 3",
        ),
    ],
    ids=["tag", "bom-in-key", "url", "remove-index"],
)
def test_messages_name_what_was_written(tmp_path, earlier, capsys, text, message):
    (tmp_path / "parent.yaml").write_text(BASE)
    assert message in hostile_run(tmp_path, earlier, capsys, text)


def test_an_unusable_parent_names_the_child_and_its_extends(tmp_path, earlier, capsys):
    (tmp_path / "parent.yaml").write_text("")
    err = hostile_run(tmp_path, earlier, capsys, "# child\nextends: parent.yaml\n")
    parent = tmp_path / "parent.yaml"
    assert f"hostile.yaml:2:10: extends: parent file {parent} is not a usable scenario" in err
    assert f"{parent}:1:1: expected a mapping of scenario sections" in err


def test_a_scenario_too_big_for_the_loader_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(BASE + "# padding\n" * 5_000_000)  # 50 MB
    started = time.perf_counter()
    with pytest.raises(Exception) as raised:
        load(path)
    assert "larger than 1 MB" in str(raised.value)
    assert time.perf_counter() - started < 2
