"""The workbook's cell formats: number formats by purpose, fonts and fills, made once.

XlsxWriter adds a new format record per `add_format` call, so formats are cached
by purpose and every sheet of a workbook shares them.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook

from projector.locale import i18n


class Formats:
    """The workbook's cell formats, made once and looked up by purpose."""

    def __init__(self, wb: Workbook, currency: str, locale: str) -> None:
        self._wb = wb
        self._cache: dict[tuple, Any] = {}
        self.money = i18n.money_format(currency, locale)
        self.money2 = i18n.money_format(currency, locale, 2)
        self.usd2 = i18n.usd_format(locale)
        self.date = i18n.date_format(locale)

    def get(
        self,
        kind: str,
        *,
        bold: bool = False,
        input_cell: bool = False,
        indent: int = 0,
        info: bool = False,
    ) -> Any:
        key = (kind, bold, input_cell, indent, info)
        if key not in self._cache:
            props: dict[str, Any] = {"num_format": self._number(kind)}
            if bold:
                props["bold"] = True
            if input_cell:
                props.update(
                    font_color="#1F4E9E", bg_color="#FFF8DC", border=1, border_color="#C8C8C8"
                )
            if info:  # read-only information: grey, unboxed, unlike an input
                props.update(font_color="#595959", bg_color="#F2F2F2")
            if indent:
                props["indent"] = indent
            if kind == "title":
                props.update(bold=True, font_size=14)
            if kind == "header":
                props.update(bold=True, bg_color="#1F3864", font_color="#FFFFFF")
            if kind == "section":
                props.update(bold=True, bg_color="#D9E1F2")
            if kind in ("note", "wrap_note"):
                props.update(italic=True, font_color="#7F7F7F")
            if kind == "wrap_note":  # long text wrapped in its column, read from the top
                props.update(text_wrap=True, valign="top")
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]

    def wb_format(self, props: dict[str, Any]) -> Any:
        """A one-off format, e.g. for conditional formatting."""
        return self._wb.add_format(props)

    def _number(self, kind: str) -> str:
        return {
            "money": self.money,
            "money2": self.money2,
            "money_check": _check_format(self.money2),
            "usd2": self.usd2,
            "share": "0.00%",
            "pct": "+0.0%;-0.0%;0.0%",
            "count": "#,##0",
            "count1": "#,##0.0",
            "ratio": "0.00",
            "factor": "0.00",
            "flag": "0",
            "month": "0",
            "date": self.date,
            "int": "0",
            # never "#,##0.##": Excel shows a whole number as "11." with it
            "number": "#,##0.00",
        }.get(kind, "General")


def _check_format(money2: str) -> str:
    """A check amount: rounding noise (under half a cent) reads 0, anything else in red.

    A balance check of -1e-11 is a balanced sheet; the money format would show it as a
    red "-0". Conditions in the format keep the cell's value, the engine's, untouched.
    """
    positive, _, zero = money2.split(";")
    zero = zero.replace("0.00", "0")
    return f"[Red][<-0.005]{positive};[Red][>0.005]{positive};{zero}"
