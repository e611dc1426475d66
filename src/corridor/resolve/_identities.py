"""Established identities joined across kinds of identifier: one name, two solid clusters.

A money collector is written in a bank's reports under his IBAN and in a crypto
exchange's under his wallet, a hundred times each and always with his name and nothing
else. Records join within each file (same account, same wallet), but no record holds both
identifiers, and a bare name is no identity in a population where most names are shared
by several people, so the pairwise model rightly leaves the two clusters apart.

A cluster is a different thing from a record: several records that agree with each other
under one name and hold an identifier (an account, a wallet, a document: somebody's, not a
name read off a boat list) are an *established identity*. When exactly two established
identities of a kind are known under one name, their identifiers are of different kinds
(an IBAN and a wallet; two IBANs under one name are more likely two holders), nothing
about them disagrees (nationality, gender), and neither has a date of birth, they are one
person written from two sides. A dated identity (an interception, an organisers' list)
was compared on its date by the model; the transfers of a namesake are as likely to be
the ones that match its name (at 100k records of the large scenario, every join with a
dated side was false). A third established identity under the name
makes it ambiguous and nothing is joined. The join is a rule judgement like a shared
passport's, with the name and the cluster sizes as its reason, and it never crosses an
analyst's "different".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from corridor.resolve._cluster import Clusters
from corridor.resolve._records import Record, name_features

SOLID = 3
"""Records a cluster needs to be an established identity (one record is a claim, three agree)."""


@dataclass(slots=True)
class _Profile:
    """What a cluster says about who it is: its names, and whether it has dates, nationalities, genders."""

    kind: str
    size: int = 0
    names: Counter[str] = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)
    dated: bool = False
    identified: bool = False
    identifiers: set[str] = field(default_factory=set)
    nationality: set[str] = field(default_factory=set)
    gender: set[str] = field(default_factory=set)

    def name(self) -> str | None:
        """The name most of its records carry (ties: the first in order, so runs repeat)."""
        if not self.names:
            return None
        return min(self.names.items(), key=lambda kv: (-kv[1], kv[0]))[0]


@dataclass(frozen=True, slots=True)
class IdentityLink:
    """Two records standing for two established identities to be joined, and why."""

    left: str
    right: str
    name: str
    sizes: tuple[int, int]


def _profiles(records: Sequence[Record], clusters: Clusters) -> dict[str, _Profile]:
    profiles: dict[str, _Profile] = {}
    for record in records:
        root = clusters.find(record.entity_id)
        profile = profiles.get(root)
        if profile is None:
            profile = profiles[root] = _Profile(record.kind)
        profile.size += 1
        for joined in name_features(record.kind, tuple(record.names)).joined:
            profile.names[joined] += 1
            if record.entity_id < profile.first.get(joined, "\uffff"):
                profile.first[joined] = record.entity_id
        profile.dated = profile.dated or record.dob is not None
        profile.identified = profile.identified or bool(record.strong)
        profile.identifiers.update(key.split(":", 1)[0] for key in record.strong)
        profile.nationality.update(record.nationality)
        if record.gender:
            profile.gender.add(record.gender)
    return profiles


def _disagree(a: set[str], b: set[str]) -> bool:
    return bool(a and b and not a & b)


def identity_links(
    records: Sequence[Record], clusters: Clusters, *, touching: Collection[str] | None = None
) -> list[IdentityLink]:
    """Pairs of established identities that one name makes one person (see the module docstring).

    ``clusters`` are the clusters after the pairwise decisions; with ``touching`` (an
    incremental run's new records) only joins involving a cluster that holds one are
    returned, while the name is still counted over every cluster.
    """
    profiles = _profiles(records, clusters)
    by_name: dict[tuple[str, str], list[str]] = {}
    for root, profile in profiles.items():
        name = profile.name()
        if name is not None and profile.size >= SOLID and profile.identified:
            by_name.setdefault((profile.kind, name), []).append(root)
    new_roots = None if touching is None else {clusters.find(e) for e in touching}
    links = []
    for (_kind, name), roots in sorted(by_name.items()):
        if len(roots) != 2:
            continue
        a, b = (profiles[r] for r in roots)
        if a.dated or b.dated:
            continue  # a dated identity is someone the model compared on the date; a namesake may hold the accounts
        if a.identifiers & b.identifiers:
            continue  # two accounts of one kind under one name: more likely two holders than one
        if _disagree(a.nationality, b.nationality) or _disagree(a.gender, b.gender):
            continue
        if new_roots is not None and not new_roots & set(roots):
            continue
        left, right = sorted((a.first[name], b.first[name]))
        links.append(IdentityLink(left, right, name, (a.size, b.size)))
    return links
