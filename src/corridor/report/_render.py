"""Rendering report HTML from Jinja2 templates, with the banner and caveats on every page.

Autoescaping is always on: every name, alias and caveat in a report came from some
agency's data and may be hostile. Text that goes into CSS (the page-margin banner of the
PDF) is escaped for CSS by ``css_string``, which also keeps ``</style>`` out.

Other packages render their own reports with their own templates: pass ``package`` (a
package with a ``templates/`` folder) and ``{% extends "report_base.html.j2" %}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from corridor.report._banner import Banner, Fact, banner


def css_string(text: object) -> Markup:
    """A quoted CSS string whose every character but letters, digits and spaces is escaped."""
    out = []
    for char in str(text):
        if char.isascii() and (char.isalnum() or char == " "):
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")  # the space ends the escape and is consumed
    return Markup('"' + "".join(out) + '"')  # noqa: S704 - every character but [A-Za-z0-9 ] is escaped above


@cache
def _environment(package: str | None) -> Environment:
    loaders = [PackageLoader(package, "templates")] if package else []
    loaders.append(PackageLoader("corridor.report", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    return env


def render(
    template_name: str,
    context: Mapping[str, Any],
    *,
    markings: Iterable[Fact] | Banner,
    title: str = "corridor report",
    package: str | None = None,
) -> str:
    """HTML of ``template_name`` with ``context``, carrying the banner of ``markings``.

    ``markings`` are the facts the report shows (statements, markings or
    ``(originator, marking)`` pairs), or a ``Banner`` already computed from them. The
    template sees ``banner``, ``title`` and ``generated`` besides ``context``.
    """
    shown = markings if isinstance(markings, Banner) else banner(markings)
    env = _environment(package)
    values = {
        "title": title,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        **context,
        "banner": shown,
    }
    return env.get_template(template_name).render(values)
