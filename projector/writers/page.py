"""HTML and Markdown pages from a presentation context: what the report writers share.

A context (`projector.present`) holds every number and word; `draw` turns its chart
specs into SVG (inline in the HTML, files beside the Markdown) and `fill` fills a
template pair, `<name>.html.j2` and `<name>.md.j2`.  Templates hold no arithmetic:
numbers reach them raw and are formatted by filters in the scenario's locale and
currency.  `projector.writers.report` and `compare_report` are each one `render`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from projector.present.charts import ChartSpec
from projector.present.numbers import Formatter
from projector.writers import charts

# The templates are the package `projector.templates`: the repository's top-level
# `templates/` folder, mapped into the package by pyproject.toml, so an installed wheel
# carries them and a source checkout reads them in place.
TEMPLATES = "projector.templates"


_BREAKABLE = re.compile(r"[ \t\r\n\f\v]+")  # whitespace a line may break at
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|$~&])")  # links need [ ], so ( ) can stay


def markdown_escape(text: str) -> str:
    """Text that Markdown shows as written: no HTML, links, emphasis or math.

    A scenario name is free text: `<script>` must stay visible text, `|` must
    not split a table cell, `$` must not start math on a code-hosting site.
    """
    # Collapse line breaks and runs of spaces, but keep no-break spaces: French writes
    # "48,1 %" and "1 442 530 €" with them, and a line must not break inside.
    text = _BREAKABLE.sub(" ", str(text)).strip(" ")
    return _MD_SPECIAL.sub(r"\\\1", text)


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string, safe inside a <style> element (e.g. a page footer)."""
    body = "".join(c if c.isalnum() or c in " -.,'" else f"\\{ord(c):x} " for c in str(text))
    return Markup(f'"{body}"')


def _md_finalize(value: Any) -> str:
    """Every `{{ ... }}` of the Markdown template is escaped unless already Markup."""
    if isinstance(value, Markup):
        return str(value)
    return markdown_escape(str(value))


def _template_source(name: str) -> str:
    return resources.files(TEMPLATES).joinpath(name).read_text(encoding="utf-8")


def environment(fmt: Formatter, markdown: bool) -> jinja2.Environment:
    """The templates' environment, with the filters that write numbers in the locale."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_source),
        undefined=jinja2.StrictUndefined,
        autoescape=not markdown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_md_finalize if markdown else None,
    )
    env.filters["show"] = fmt.show
    env.filters["money"] = fmt.money
    env.filters["css_string"] = css_string
    return env


@dataclass(frozen=True)
class Rendered:
    html: str  # the self-contained page
    print_html: str  # the same page with its paper size set, for the PDF
    markdown: str
    charts: dict[str, str]  # file name -> SVG, written beside the Markdown


@dataclass(frozen=True)
class Drawn:
    """The SVG of each chart spec: files beside the Markdown, and inline for the HTML."""

    files: dict[str, str]  # file name -> SVG
    inline: dict[str, Markup]  # chart id -> the same chart, ready to sit inline in the HTML


def draw(specs: Iterable[ChartSpec], fmt: Formatter) -> Drawn:
    """Every chart of a context, drawn once, its values written by the context's formatter."""
    files, inline = {}, {}
    for spec in specs:
        svg = charts.draw(spec, fmt)
        files[spec.file] = svg
        inline[spec.id] = Markup(charts.inline(svg, spec.id, spec.title))
    return Drawn(files, inline)


def fill(template: str, context: Any, drawn: Drawn) -> Rendered:
    """`<template>.html.j2` and `.md.j2` filled from a context and its drawn charts."""
    html = environment(context.formatter, markdown=False).get_template(f"{template}.html.j2")
    md = environment(context.formatter, markdown=True).get_template(f"{template}.md.j2")
    t, inline = context.text, drawn.inline
    return Rendered(
        html=html.render(r=context, t=t, paper=None, inline=inline),
        print_html=html.render(r=context, t=t, paper=context.paper, inline=inline),
        markdown=md.render(r=context, t=t),
        charts=drawn.files,
    )
