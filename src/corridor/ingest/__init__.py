"""Ingest: partners' files into graded statements with provenance."""

from corridor.ingest._ftm import read_ftm
from corridor.ingest._ids import agency_prefix, namespaced_id, source_id_of
from corridor.ingest._run import IngestReport, Progress, ingest_entities, ingest_file

__all__ = [
    "IngestReport",
    "Progress",
    "agency_prefix",
    "ingest_entities",
    "ingest_file",
    "namespaced_id",
    "read_ftm",
    "source_id_of",
]
