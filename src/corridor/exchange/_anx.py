"""i2 Analyst's Notebook exchange (ANX) charts: entities with icons, links, attributes, dates.

The chart follows the published ANX structure (root ``Chart``; then
``ApplicationVersion``, ``StrengthCollection``, the ``GradeOne``/``GradeTwo``/
``GradeThree`` string collections, ``AttributeClassCollection``,
``EntityTypeCollection``, ``LinkTypeCollection`` and ``ChartItemCollection``, in that
order). i2's three grades are the 3×5×2 model's three parts, so each chart item is graded
with the weakest marking among its facts (source evaluation → GradeOne, intelligence →
GradeTwo, handling → GradeThree) and lists every distinct marking in a ``Markings``
attribute.

The collections precede the items but are only known once every item is seen, so items
are spooled to a temporary file and copied after the header. Links whose far end is not
in the chart (invisible to the principal, or filtered) are left out: ANB refuses a link
to nothing. Text is escaped by ``xml.sax.saxutils`` for attributes, including quotes and
line breaks.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from followthemoney.schema import Schema

from corridor.exchange._entities import ResolvedEntity, resolved_entities
from corridor.exchange._markings import marking_text
from corridor.model import SOURCE_EVALUATIONS, Marking
from corridor.store import View

ICONS = [
    ("Person", "Person"), ("Organization", "Organisation"), ("Company", "Organisation"),
    ("LegalEntity", "Organisation"), ("Vessel", "Boat"), ("Vehicle", "Vehicle"), ("BankAccount", "Bank Account"),
    ("CryptoWallet", "Account"), ("Address", "Address"), ("Identification", "Document"), ("Passport", "Passport"),
    ("Event", "Event"), ("Document", "Document"), ("Thing", "Unknown"),
]  # fmt: skip
"""FtM schema → i2 standard icon type (first match wins, most specific first)."""
GRADE_ONE = [f"{n} {t}" for n, t in SOURCE_EVALUATIONS.items()]
GRADE_TWO = ["A", "B", "C", "D", "E"]
GRADE_THREE = ["P", "C"]
STRENGTHS = [("Confirmed", "DotStyleSolid"), ("Tentative", "DotStyleDashed"), ("Unconfirmed", "DotStyleDotted")]
STRENGTH_OF_INTELLIGENCE = {
    "A": "Confirmed",
    "B": "Confirmed",
    "C": "Tentative",
    "D": "Unconfirmed",
    "E": "Unconfirmed",
}


def icon_of(schema: Schema) -> str:
    """The i2 icon type for an FtM schema."""
    for name, icon in ICONS:
        if schema.is_a(name):
            return icon
    return "Unknown"


def weakest(markings: set[Marking]) -> Marking:
    """The least reliable, least shareable marking of a set (what a chart item is graded)."""
    return max(markings, key=lambda m: (m.source, m.intelligence, m.handling == "C"))


def anx_datetime(value: str | None) -> str | None:
    """An FtM date as ANX ``DateTime`` (``2023-05-02T00:00:00``), or ``None`` for no date."""
    if not value:
        return None
    parts = ([*value[:10].split("-"), "01", "01"])[:3]
    return f"{parts[0]:0>4}-{parts[1]:0>2}-{parts[2]:0>2}T00:00:00"


class _Chart:
    """Numbering of entities, attribute classes and types while the items are spooled."""

    def __init__(self, spool: IO[str]) -> None:
        self.spool = spool
        self.entity_numbers: dict[str, int] = {}
        self.classes: dict[str, str] = {}
        self.entity_types: dict[str, str] = {}
        self.link_types: dict[str, str] = {}
        self.items = 0

    def number(self, entity_id: str) -> int:
        return self.entity_numbers.setdefault(entity_id, len(self.entity_numbers) + 1)

    def _type(self, table: dict[str, str], prefix: str, name: str) -> str:
        return table.setdefault(name, f"{prefix}{len(table) + 1}")

    def item_attrs(self, entity: ResolvedEntity, label: str) -> tuple[str, str]:
        markings = {s.marking for s in entity.statements}
        grade = weakest(markings)
        self.items += 1
        attrs = [
            f"Id={quoteattr(f'CI{self.items}')}",
            f"Label={quoteattr(label)}",
            f"Description={quoteattr(f'{entity.schema} {entity.id}')}",
            f"SourceReference={quoteattr(', '.join(sorted({s.source for s in entity.statements})))}",
            f'GradeOneIndex="{grade.source - 1}"',
            f'GradeTwoIndex="{GRADE_TWO.index(grade.intelligence)}"',
            f'GradeThreeIndex="{GRADE_THREE.index(grade.handling)}"',
        ]
        when = anx_datetime(entity.proxy.first("date", quiet=True) or entity.proxy.first("startDate", quiet=True))
        if when:
            attrs += ['DateSet="true"', f'DateTime="{when}"']
        values: dict[str, list[str]] = {}
        for stmt in entity.facts():
            prop = entity.proxy.schema.get(stmt.prop)
            values.setdefault(prop.label if prop is not None else stmt.prop, []).append(stmt.value)
        values["Markings"] = sorted({f"{s.origin}: {marking_text(s.marking)}" for s in entity.statements})
        values["corridor id"] = [entity.id]
        parts = []
        for name, vals in sorted(values.items()):
            ref = self._type(self.classes, "AC", name)
            text = "; ".join(dict.fromkeys(vals))
            parts.append(
                f"<Attribute AttributeClass={quoteattr(name)} AttributeClassReference={quoteattr(ref)} Value={quoteattr(text)}/>"
            )
        return " ".join(attrs), "<AttributeCollection>" + "".join(parts) + "</AttributeCollection>"

    def entity(self, entity: ResolvedEntity) -> None:
        icon = icon_of(entity.proxy.schema)
        ref = self._type(self.entity_types, "ET", icon)
        attrs, attributes = self.item_attrs(entity, entity.caption)
        self.spool.write(
            f'<ChartItem {attrs}><End X="0" Y="0" Z="0"><Entity EntityId="{self.number(entity.id)}" '
            f'Identity={quoteattr(entity.id)} LabelIsIdentity="false"><Icon><IconStyle Type={quoteattr(icon)} '
            f'EntityTypeReference="{ref}"/></Icon></Entity></End>{attributes}</ChartItem>\n'
        )

    def link(self, owner: ResolvedEntity, label: str, *, with_attributes: bool) -> str:
        """A link item's XML around the ``{END1}``/``{END2}`` ends filled in at copy time.

        A link that is an FtM entity of its own (a Family, a Membership) carries its facts
        as attributes; a link drawn from a property (an Event's ``involved``) only its grade.
        """
        ref = self._type(self.link_types, "LT", label)
        attrs, attributes = self.item_attrs(owner, label)
        if not with_attributes:
            attributes = ""
        grade = weakest({s.marking for s in owner.statements}).intelligence
        return json.dumps(
            [
                f'<ChartItem {attrs}><Link End1Id="',
                '" End2Id="',
                f'"><LinkStyle Strength={quoteattr(STRENGTH_OF_INTELLIGENCE[grade])} Type={quoteattr(label)} '
                f'LinkTypeReference="{ref}" ArrowStyle="ArrowOnHead"/></Link>{attributes}</ChartItem>\n',
            ],
            ensure_ascii=False,
        )


def _header(chart: _Chart) -> str:
    def strings(tag: str, names: list[str]) -> str:
        inner = "".join(f"<String Id={quoteattr(f'{tag}{i}')} Text={quoteattr(n)}/>" for i, n in enumerate(names))
        return f"<{tag}><StringCollection>{inner}</StringCollection></{tag}>"

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<Chart>",
        '<ApplicationVersion Major="9" Minor="0" Point="0" Build="0"/>',
    ]
    out.append(
        "<StrengthCollection>"
        + "".join(f'<Strength Id="S{i}" Name="{n}" DotStyle="{d}"/>' for i, (n, d) in enumerate(STRENGTHS))
        + "</StrengthCollection>"
    )
    out += [strings("GradeOne", GRADE_ONE), strings("GradeTwo", GRADE_TWO), strings("GradeThree", GRADE_THREE)]
    out.append(
        "<AttributeClassCollection>"
        + "".join(
            f'<AttributeClass Id="{ref}" Name={quoteattr(name)} Type="AttText" IsUser="true" UserCanAdd="true" UserCanRemove="true"/>'
            for name, ref in chart.classes.items()
        )
        + "</AttributeClassCollection>"
    )
    out.append(
        "<EntityTypeCollection>"
        + "".join(
            f'<EntityType Id="{ref}" Name={quoteattr(n)} IconFile={quoteattr(n)}/>'
            for n, ref in chart.entity_types.items()
        )
        + "</EntityTypeCollection>"
    )
    out.append(
        "<LinkTypeCollection>"
        + "".join(f'<LinkType Id="{ref}" Name={quoteattr(n)}/>' for n, ref in chart.link_types.items())
        + "</LinkTypeCollection>"
    )
    return "\n".join(out) + "\n<ChartItemCollection>\n"


def write_anx(view: View, out: Path) -> dict[str, Any]:
    """Write an ANX chart of every visible resolved entity; returns counts."""
    entities = links = dropped = 0
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as items,
        tempfile.TemporaryFile("w+", encoding="utf-8") as spooled,
    ):
        chart = _Chart(items)
        for entity in resolved_entities(view):
            schema = entity.proxy.schema
            if schema.edge and schema.source_prop and schema.target_prop:
                for source in entity.proxy.get(schema.source_prop):
                    for target in entity.proxy.get(schema.target_prop):
                        xml = chart.link(entity, schema.label, with_attributes=True)
                        spooled.write(json.dumps([source, target]) + "\t" + xml + "\n")
                continue
            chart.entity(entity)
            entities += 1
            for prop, value in entity.proxy.itervalues():
                if prop.type.name == "entity":
                    xml = chart.link(entity, prop.label, with_attributes=False)
                    spooled.write(json.dumps([entity.id, value]) + "\t" + xml + "\n")
        items.seek(0)
        spooled.seek(0)
        with out.open("w", encoding="utf-8") as handle:
            handle.write(_header(chart))
            for line in items:
                handle.write(line)
            for line in spooled:
                ends, _, xml = line.partition("\t")
                source, target = json.loads(ends)
                if source not in chart.entity_numbers or target not in chart.entity_numbers:
                    dropped += 1
                    continue
                head, middle, tail = json.loads(xml)
                handle.write(f"{head}{chart.entity_numbers[source]}{middle}{chart.entity_numbers[target]}{tail}")
                links += 1
            handle.write("</ChartItemCollection>\n</Chart>\n")
    return {"entities": entities, "links": links, "links_without_ends": dropped}
