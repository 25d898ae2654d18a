"""Recalculate .xlsx workbooks in real spreadsheet engines and read the results back.

Tests use this to prove that the live formulas we write compute the same numbers as the
Python engine: write a workbook, recalculate it in LibreOffice and/or Gnumeric, then read
the freshly computed values with openpyxl (``data_only=True``).

    out = recalc_libreoffice(path, tmp_path / "lo")
    wb = workbook_values(out)
    assert error_cells(wb) == []
    assert numbers_agree(wb["P&L"]["C7"].value, expected)

The engines are never optional: when one is missing these helpers raise ``RuntimeError``
(CI installs them, see ``.ci/run``), so a test can never pass by silently skipping.

Engine notes:

* LibreOffice *keeps* the cached values of an .xlsx saved by "Microsoft Excel" (which is
  what XlsxWriter claims to be) unless told otherwise, so every conversion uses a private
  user profile whose ``registrymodifications.xcu`` sets OOXMLRecalcMode/ODFRecalcMode to 0
  ("always recalculate"). The profile is created once per process and reused; the first
  start of soffice with a fresh profile is noticeably slower.
* A profile cannot be shared by two running soffice instances, so calls are serialised
  within a process and every process (e.g. each pytest-xdist worker) gets its own.
* ``soffice --convert-to`` exits 0 even when it fails to load or write a file, so the
  output is checked explicitly (exists, non-empty, produced by this call).
* Error values differ between engines (and from Excel) for some edge cases. LibreOffice
  exports its internal errors to .xlsx as Excel codes, e.g. SQRT(-1) and OFFSET off the
  sheet as #VALUE! (Excel: #NUM!, #REF!); Gnumeric matches Excel there. "Err:5xx" only
  appears in other formats, but is recognised anyway.
* Gnumeric returns #REF! for INDEX(one_row_range, n) (Excel and LibreOffice treat n as the
  column); write INDEX(range, 1, n) for row vectors. Both engines keep workbook defined
  names and CSE array formulas; Gnumeric additionally writes a defined name "X" with value
  #NAME? for every unknown identifier X used in a formula.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import numbers
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from projector.writers.xlsx.addresses import SheetNames

__all__ = [
    "ERROR_CODES",
    "LIBREOFFICE_TIMEOUT",
    "GNUMERIC_TIMEOUT",
    "find_soffice",
    "slides_to_pdf_many",
    "find_ssconvert",
    "libreoffice_profile",
    "recalc_libreoffice",
    "recalc_libreoffice_many",
    "recalc_gnumeric",
    "workbook_values",
    "error_cells",
    "is_error_value",
    "named_range_values",
    "numbers_agree",
    "mismatches",
]

LIBREOFFICE_TIMEOUT = 180.0  # seconds, for one soffice run (covers first-start profile setup)
GNUMERIC_TIMEOUT = 120.0  # seconds, for one ssconvert run

# Error values as Excel (and openpyxl, data_only=True) report them. LibreOffice writes its
# own internal errors that have no Excel equivalent as "Err:NNN" (e.g. Err:502, Err:504).
ERROR_CODES = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
    }
)

_RECALC_XCU = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

_lo_lock = threading.Lock()
_lo_profile: Path | None = None
_lo_profile_pid: int | None = None


# --------------------------------------------------------------------------- engines


def find_soffice() -> str:
    """Path of the LibreOffice binary; RuntimeError with install advice when missing."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "LibreOffice is not installed (neither 'soffice' nor 'libreoffice' is on PATH). "
        "Install it, e.g. `apt-get install --no-install-recommends libreoffice-calc-nogui` "
        "(see .ci/run); the recalc tests do not skip without it."
    )


def find_ssconvert() -> str:
    """Path of Gnumeric's ssconvert; RuntimeError with install advice when missing."""
    found = shutil.which("ssconvert")
    if found:
        return found
    raise RuntimeError(
        "Gnumeric's 'ssconvert' is not on PATH. Install it, e.g. "
        "`apt-get install --no-install-recommends gnumeric` (see .ci/run); "
        "the recalc tests do not skip without it."
    )


def libreoffice_profile() -> Path:
    """The private LibreOffice user profile of this process (created on first use).

    It holds only ``user/registrymodifications.xcu`` with "always recalculate on load";
    soffice fills in the rest on first start and keeps our settings.
    """
    global _lo_profile, _lo_profile_pid
    if _lo_profile is None or _lo_profile_pid != os.getpid() or not _lo_profile.is_dir():
        profile = Path(tempfile.mkdtemp(prefix="projector-lo-profile-"))
        (profile / "user").mkdir()
        (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_XCU, "utf-8")
        atexit.register(shutil.rmtree, profile, ignore_errors=True)
        _lo_profile, _lo_profile_pid = profile, os.getpid()
    return _lo_profile


def _run(cmd: Sequence[str], timeout: float, env: dict[str, str] | None = None):
    """Run cmd in its own process group; on timeout kill that group (soffice forks)."""
    proc = subprocess.Popen(
        list(cmd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        env=env,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise RuntimeError(
            f"timed out after {timeout:.0f}s: {' '.join(cmd)}\n"
            f"--- stdout ---\n{out}\n--- stderr ---\n{err}"
        ) from None
    return proc.returncode, out, err


def _prepare_outputs(srcs: Iterable[Path], out_dir: Path, suffix: str) -> list[tuple[Path, Path]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    pairs: list[tuple[Path, Path]] = []
    seen: dict[Path, Path] = {}
    for src in srcs:
        src = Path(src).resolve()
        if not src.is_file():
            raise FileNotFoundError(f"workbook to recalculate does not exist: {src}")
        dst = (out_dir / (src.stem + suffix)).resolve()
        if dst == src:
            raise ValueError(
                f"out_dir must differ from the source's folder (would overwrite {src})"
            )
        if dst in seen:
            raise ValueError(f"{seen[dst]} and {src} would both be written to {dst}")
        seen[dst] = src
        dst.unlink(missing_ok=True)  # so a stale file can never pass for fresh output
        pairs.append((src, dst))
    return pairs


def _check_outputs(pairs: list[tuple[Path, Path]], cmd, rc: int, out: str, err: str) -> None:
    missing = [dst for _, dst in pairs if not dst.is_file() or dst.stat().st_size == 0]
    if rc != 0 or missing:
        raise RuntimeError(
            f"recalculation failed (exit code {rc}); missing/empty output: "
            f"{[str(m) for m in missing] or 'none'}\ncommand: {' '.join(map(str, cmd))}\n"
            f"--- stdout ---\n{out}\n--- stderr ---\n{err}"
        )


def recalc_libreoffice_many(
    srcs: Iterable[Path], out_dir: Path, timeout: float = LIBREOFFICE_TIMEOUT
) -> list[Path]:
    """Recalculate several workbooks with a single soffice start (each start costs seconds).

    Returns the recalculated .xlsx paths (``out_dir / <stem>.xlsx``) in the order of srcs.
    """
    return _soffice_convert(srcs, out_dir, "xlsx:Calc MS Excel 2007 XML", ".xlsx", timeout)


def _soffice_convert(
    srcs: Iterable[Path], out_dir: Path, target: str, suffix: str, timeout: float
) -> list[Path]:
    """Convert files with one headless soffice start in this process's private profile."""
    pairs = _prepare_outputs(srcs, Path(out_dir), suffix)
    if not pairs:
        return []
    soffice = find_soffice()
    with _lo_lock:
        profile = libreoffice_profile()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(Path(out_dir).resolve()),
            *(str(src) for src, _ in pairs),
        ]
        env = dict(os.environ)
        env.setdefault("HOME", str(profile))  # CI shells sometimes have no HOME
        rc, out, err = _run(cmd, timeout, env)
    _check_outputs(pairs, cmd, rc, out, err)
    return [dst for _, dst in pairs]


def recalc_libreoffice(src: Path, out_dir: Path, timeout: float = LIBREOFFICE_TIMEOUT) -> Path:
    """Recalculate src in headless LibreOffice; returns the recalculated .xlsx in out_dir."""
    return recalc_libreoffice_many([src], out_dir, timeout)[0]


def recalc_gnumeric(src: Path, out_dir: Path, timeout: float = GNUMERIC_TIMEOUT) -> Path:
    """Recalculate src with Gnumeric (``ssconvert --recalc``); returns out_dir/<stem>.xlsx."""
    ((src, dst),) = _prepare_outputs([src], Path(out_dir), ".xlsx")
    cmd = [
        find_ssconvert(),
        "--recalc",
        "--export-type=Gnumeric_Excel:xlsx2",
        str(src),
        str(dst),
    ]
    rc, out, err = _run(cmd, timeout)
    _check_outputs([(src, dst)], cmd, rc, out, err)
    return dst


# --------------------------------------------------------------------------- reading


def workbook_values(path: Path) -> Workbook:
    """The workbook with cached values instead of formulas (openpyxl, data_only=True)."""
    with warnings.catch_warnings():
        # Gnumeric's xlsx has no default cell style; openpyxl warns and substitutes its own.
        warnings.filterwarnings("ignore", "Workbook contains no default style", UserWarning)
        return load_workbook(path, data_only=True)


def is_error_value(value: object) -> bool:
    """True for a spreadsheet error value as openpyxl reads it ("#DIV/0!", "Err:502", ...)."""
    if not isinstance(value, str):
        return False
    return value in ERROR_CODES or (value.startswith("Err:") and value[4:].isdigit())


def error_cells(wb: Workbook) -> list[str]:
    """Every cell holding an error value, as "Sheet!A1: #VALUE!" (sheet, then row order)."""
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "e" or is_error_value(cell.value):
                    found.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
    return found


def named_range_values(wb: Workbook, name: str) -> list:
    """Values of the cells a workbook-level defined name refers to, row-major.

    Several areas (``Sheet!A1:B2,Sheet!D1``) are concatenated in order.
    """
    if name not in wb.defined_names:
        raise KeyError(f"no workbook-level defined name {name!r}; have {sorted(wb.defined_names)}")
    values: list = []
    destinations = list(wb.defined_names[name].destinations)
    if not destinations:
        raise ValueError(
            f"defined name {name!r} does not refer to a cell range: "
            f"{wb.defined_names[name].attr_text!r}"
        )
    for sheet, ref in destinations:
        ws = wb[sheet]
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
        for row in ws.iter_rows(
            min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col, values_only=True
        ):
            values.extend(row)
    return values


# --------------------------------------------------------------------------- comparing


def numbers_agree(a: object, b: object, rel: float = 1e-9, abs_: float = 1e-6) -> bool:
    """True when a and b are the same number up to |a-b| <= abs_ or <= rel*max(|a|,|b|).

    None agrees only with None; booleans only with an equal boolean (a spreadsheet TRUE is
    not the number 1); NaN agrees with nothing; any other non-numbers must be equal.
    """
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, numbers.Real) and isinstance(b, numbers.Real):
        a, b = float(a), float(b)
        if math.isnan(a) or math.isnan(b):
            return False
        if math.isinf(a) or math.isinf(b):
            return a == b
        diff = abs(a - b)
        return diff <= abs_ or diff <= rel * max(abs(a), abs(b))
    return a == b


def slides_to_pdf_many(
    srcs: Iterable[Path], out_dir: Path, timeout: float = LIBREOFFICE_TIMEOUT
) -> list[Path]:
    """Render presentations (.pptx) to PDF in headless LibreOffice Impress, one soffice start.

    Impress is a module of its own (Debian: libreoffice-impress-nogui); without it soffice
    writes nothing and this raises, like the recalculation helpers.
    """
    return _soffice_convert(srcs, out_dir, "pdf:impress_pdf_Export", ".pdf", timeout)


def sheets_of(p) -> SheetNames:
    """The names of a projection's workbook sheets, in the scenario's language."""
    return SheetNames.of(p.scenario.scenario.locale)


def statement_mismatches(p, wb) -> list[str]:
    """The Balance sheet: each month (Opening first) and each year end equals the engine."""
    out, seen = [], set()
    for row in wb[sheets_of(p).balance_sheet].iter_rows(min_row=5):
        line_id = row[1].value
        if not line_id:
            continue
        if line_id not in seen:  # the monthly block: Opening, then months
            seen.add(line_id)
            expected = [p.opening[line_id], *p.monthly[line_id]]
        else:  # the year-end block
            expected = list(p.annual[line_id])
        for i, value in enumerate(expected):
            got = row[2 + i].value
            if not numbers_agree(got, float(value)):
                out.append(f"Balance sheet {line_id}[{i}]: workbook {got!r} != engine {value!r}")
    return out


def check_failures(p, wb) -> list[str]:
    """Every check holds, and every sheet says so at its top."""
    ok = {"en": "All checks OK", "fr": "Tous les contrôles sont OK"}[p.scenario.scenario.locale]
    out = [f"checks_failed = {n}" for n in named_range_values(wb, "checks_failed") if n != 0]
    flags = [r[1].value for r in wb[sheets_of(p).checks].iter_rows(min_row=7) if r[0].value]
    out += [f"check {i} fails" for i, flag in enumerate(flags) if flag != 0]
    for ws in wb:
        top = [c.value for row in ws.iter_rows(max_row=3, max_col=7) for c in row]
        if ok not in top:
            out.append(f"{ws.title}: no master check saying {ok!r} at the top")
    return out


def mismatches(p, wb) -> list[str]:
    """Every number of the recalculated workbook that differs from the engine."""
    out = []

    def check(where: str, got, expected) -> None:
        got = None if isinstance(got, str) and got in ("n/a", "n.d.", "never", "jamais") else got
        if not numbers_agree(got, expected):
            out.append(f"{where}: workbook {got!r} != engine {expected!r}")

    for line in p.lines:
        if not line.detail:
            for t, got in enumerate(named_range_values(wb, line.id)):
                check(f"{line.id}[{p.months[t]}]", got, float(p.monthly[line.id][t]))
    names = sheets_of(p)
    rows = {r[1].value: r for r in wb[names.monthly].iter_rows() if len(r) > 1 and r[1].value}
    for line in p.lines:  # per-item detail rows have no defined name: find them by id
        if line.detail:
            cells = rows[line.id][3 : 3 + len(p.months)]
            for t, cell in enumerate(cells):
                check(f"{line.id}[{p.months[t]}]", cell.value, float(p.monthly[line.id][t]))
    annual = {r[1].value: r for r in wb[names.annual].iter_rows() if len(r) > 1 and r[1].value}
    for line_id, values in p.annual.items():
        for y, cell in enumerate(annual[line_id][2 : 2 + len(p.years)]):
            check(f"annual {line_id} year {y + 1}", cell.value, float(values[y]))
    for item in p.summary_items:
        check(f"summary {item.id}", named_range_values(wb, item.id)[0], p.summary[item.id])
    return out + statement_mismatches(p, wb) + check_failures(p, wb)
