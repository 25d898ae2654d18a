"""Page setup: how each sheet prints (landscape, paper, scale or fit to pages)."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from projector.locale import i18n

A4 = 9  # Excel's paper code, for sheets printed on A4 whatever the currency


def page_setup(ws: Worksheet, paper: int, *, scale: int | None = None, tall: int = 0) -> None:
    """Landscape on `paper` (an Excel paper code), at `scale` % or fitted one page wide.

    `tall` is how many pages high a fitted sheet may be (0: as many as it needs).
    Every sheet of every workbook prints through this one function.
    """
    ws.set_landscape()
    ws.set_paper(paper)
    if scale is not None:
        ws.set_print_scale(scale)
    else:
        ws.fit_to_pages(1, tall)


def wide_scale(currency: str) -> int:
    """The print scale that fits a year of months and the labels across one page.

    Letter (the paper of dollar currencies) is narrower than A4.
    """
    return 41 if currency in i18n.LETTER_CURRENCIES else 45
