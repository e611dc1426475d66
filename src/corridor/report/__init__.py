"""Report: intelligence products (target profiles, network reports) as HTML and PDF.

Every report carries the handling banner and the originators' caveats on every page and
is an audited disclosure. The rendering core (``render``, ``write``, ``svg_map``,
``svg_chart``, ``banner``) is shared with other packages' reports.
"""

from corridor.report._banner import Banner, Fact, banner
from corridor.report._produce import FORMATS, Report, network_report, target_report
from corridor.report._render import css_string, render
from corridor.report._svgchart import SCHEMA_COLOURS, ChartEdge, ChartNode, svg_chart
from corridor.report._svgmap import KIND_COLOURS, MapPoint, svg_map
from corridor.report._write import pdf_bytes, report_format, write

__all__ = [
    "FORMATS",
    "KIND_COLOURS",
    "SCHEMA_COLOURS",
    "Banner",
    "ChartEdge",
    "ChartNode",
    "Fact",
    "MapPoint",
    "Report",
    "banner",
    "css_string",
    "network_report",
    "pdf_bytes",
    "render",
    "report_format",
    "svg_chart",
    "svg_map",
    "target_report",
    "write",
]
