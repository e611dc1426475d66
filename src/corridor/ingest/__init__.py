"""Ingest: partners' files into graded statements with provenance."""

from corridor.ingest._compile import Mapped, QueryPlan, Value, compile_query
from corridor.ingest._ftm import read_ftm
from corridor.ingest._ids import agency_prefix, namespaced_id, source_id_of
from corridor.ingest._mapping import MappingFile, ftm_query, load_mapping
from corridor.ingest._options import FORMATS, Options, parse_options
from corridor.ingest._readers import file_format, open_tables
from corridor.ingest._rejects import rejects_path
from corridor.ingest._run import IngestReport, Progress, entity_values, ingest_entities, ingest_file
from corridor.ingest._table import Table, check_columns
from corridor.ingest._translit import latin_form

__all__ = [
    "FORMATS",
    "IngestReport",
    "Mapped",
    "MappingFile",
    "Options",
    "Progress",
    "QueryPlan",
    "Table",
    "Value",
    "agency_prefix",
    "check_columns",
    "compile_query",
    "entity_values",
    "file_format",
    "ftm_query",
    "ingest_entities",
    "ingest_file",
    "latin_form",
    "load_mapping",
    "namespaced_id",
    "open_tables",
    "parse_options",
    "read_ftm",
    "rejects_path",
    "source_id_of",
]
