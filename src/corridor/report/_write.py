"""Writing a rendered report to HTML or PDF, chosen by the file's suffix.

WeasyPrint lays out the PDF. It is given a URL fetcher that refuses everything, so a
hostile value can never make the renderer read a local file or call out to the network:
a report's images (maps, charts) are inline SVG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from corridor.core import FieldError, InvalidInput

SUFFIXES = (".html", ".pdf")


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"reports load nothing from outside: refused {url[:80]!r}")


def pdf_bytes(html: str) -> bytes:
    """The PDF of a rendered report."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # no stubs; imported late, only PDF needs it

    document = HTML(string=html, url_fetcher=_no_fetch, base_url=".")
    data = document.write_pdf()
    assert data is not None  # write_pdf returns bytes when no target is given
    return bytes(data)


def report_format(out: Path) -> str:
    """``html`` or ``pdf`` from the suffix of ``out``; ``InvalidInput`` naming the file otherwise."""
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(
            "a report is written as .html or .pdf",
            errors=[FieldError(f"unknown suffix {suffix or '(none)'!r}", file=str(out), field="out")],
        )
    return suffix[1:]


def write(html: str, out: Path) -> Path:
    """Write the report to ``out`` as HTML or PDF by its suffix; returns ``out``."""
    kind = report_format(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "html":
        out.write_text(html, encoding="utf-8")
    else:
        out.write_bytes(pdf_bytes(html))
    return out
