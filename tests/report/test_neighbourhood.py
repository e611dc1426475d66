"""A target profile reads the target's neighbourhood, and shows what the whole view would show.

On the tiny generated scenario (merged by its truth): for the people with the most events
and payments, the profile gathered from the neighbourhood has exactly the associates (ids,
link kinds, counts, evidence), events and payments of the profile gathered with the
whole-view network, and it reads a small part of the view through the door.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from corridor.access import Node
from corridor.finance import read_ledger
from corridor.geo import read_observations
from corridor.graph import Network, build_graph
from corridor.report._target import target_data
from corridor.store import View

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scenario_node(tmp_path_factory: pytest.TempPathFactory) -> Node:
    from geo._scenario import load

    base = tmp_path_factory.mktemp("scenario")
    return load(base / "scenario", base / "node.db").node


class CountingView(View):
    """The door itself, counting the rows it hands out."""

    rows = 0

    def _rows(self, columns: Any, **filters: Any) -> Iterator[tuple[Any, ...]]:
        for row in super()._rows(columns, **filters):
            self.rows += 1
            yield row


def _busiest(view: View, count: int) -> list[str]:
    """The ``count`` people seen at the most events, then the ``count`` with the most payments."""
    events: Counter[str] = Counter()
    for obs in read_observations(view).observations:
        events.update(obs.persons)
    payments: Counter[str] = Counter()
    for transfer in read_ledger(view).transfers:
        payments.update(transfer.payers + transfer.beneficiaries)
    return [p for p, _ in events.most_common(count)] + [p for p, _ in payments.most_common(count)]


def _shown(data: Any) -> dict[str, Any]:
    context = data.context
    return {
        "associates": context["associates"],
        "events": context["events"],
        "payments": context["payments"],
        "target": context["target"],
        "names": context["names"],
        "facts": sorted({s.id for s in data.facts}),
    }


def test_neighbourhood_profile_equals_the_whole_view_profile(scenario_node: Node) -> None:
    view = scenario_node.store.view(scenario_node.principal())
    whole = Network(build_graph(view))
    targets = _busiest(view, 6)
    assert len(set(targets)) >= 10
    with_events = with_payments = 0
    for target in targets:
        near = target_data(view, target)
        full = target_data(view, target, network=whole)
        assert _shown(near) == _shown(full), target
        assert near.context["key_player"]["scope"] == "the target's neighbourhood"
        assert full.context["key_player"]["scope"] == "the whole network"
        assert near.context["associates"], target
        with_events += bool(near.context["events"])
        with_payments += bool(near.context["payments"])
    assert with_events >= 6
    assert with_payments >= 6


def test_profile_reads_a_small_part_of_the_view(scenario_node: Node) -> None:
    principal = scenario_node.principal()
    plain = scenario_node.store.view(principal)
    total = sum(1 for _ in plain.facts())
    target = _busiest(plain, 1)[0]  # the person seen at the most events
    counting = CountingView(scenario_node.store, principal, day=plain.day)
    data = target_data(counting, target)
    assert data.context["events"]
    assert data.context["associates"]
    # 300 people: a busy traveller's co-travellers are a sizeable part of them, yet the
    # whole-view gathering read more rows than the view holds (graph, events, payments)
    assert 0 < counting.rows < total / 5, (counting.rows, total)
