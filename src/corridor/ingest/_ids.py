"""Entity ids as the store keeps them: namespaced by agency, so partners' ids never collide."""

from __future__ import annotations


def agency_prefix(agency: str) -> str:
    """The id prefix of an agency's records, e.g. ``rs-mup.``."""
    return f"{agency.lower()}."


def namespaced_id(agency: str, source_id: str) -> str:
    """The store id for a record id given by an agency's file (idempotent)."""
    prefix = agency_prefix(agency)
    return source_id if source_id.startswith(prefix) else prefix + source_id


def source_id_of(entity_id: str) -> str:
    """The id the agency's file gave a record (its store id without the agency prefix)."""
    head, sep, rest = entity_id.partition(".")
    return rest if sep and "-" in head and head == head.lower() else entity_id
