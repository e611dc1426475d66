"""Exchange: what a principal may see, in partners' formats, and partners' bundles back in.

Formats: FtM entity lines, CSV and XLSX tables, STIX 2.1 bundles, MISP events and i2
Analyst's Notebook charts; imports of FtM, STIX 2.1 and MISP. See docs/exchange.md.
"""

from corridor.exchange._anx import write_anx
from corridor.exchange._disclose import EXPORT_PURPOSE, record_disclosure
from corridor.exchange._entities import ResolvedEntity, resolved_entities
from corridor.exchange._ftm import write_ftm
from corridor.exchange._import import IMPORT_FORMATS, import_file
from corridor.exchange._markings import marking_fields, marking_from_tags, misp_tags
from corridor.exchange._misp import write_misp
from corridor.exchange._stix import write_stix
from corridor.exchange._tabular import neutralise, write_csv, write_xlsx
from corridor.exchange._writers import WRITERS, write_export

__all__ = [
    "EXPORT_PURPOSE",
    "IMPORT_FORMATS",
    "WRITERS",
    "ResolvedEntity",
    "import_file",
    "marking_fields",
    "marking_from_tags",
    "misp_tags",
    "neutralise",
    "record_disclosure",
    "resolved_entities",
    "write_anx",
    "write_csv",
    "write_export",
    "write_ftm",
    "write_misp",
    "write_stix",
    "write_xlsx",
]
