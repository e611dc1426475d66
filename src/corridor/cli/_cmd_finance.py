"""``analyse money``: flows, collectors, revenue estimates and shared money people."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from corridor.cli._app import analyse_app
from corridor.cli._state import state_of
from corridor.finance import analyse_money


def _human(data: dict[str, Any]) -> Any:
    def draw(console: Console) -> None:
        console.print(
            f"{data['payments']} payments, €{data['amount_eur']:,.0f} ({', '.join(f'{k} {v}' for k, v in data['methods'].items())})"
        )
        table = Table(
            "organisation",
            "persons",
            "€/person",
            "estimate €",
            "range €",
            "observed €",
            "basis",
            title="Revenue estimates",
        )
        for row in data["revenue"][:20]:
            table.add_row(
                row["name"], str(row["persons_moved"]), f"{row['price_per_person_eur']:,.0f}", f"{row['revenue_eur']:,.0f}",
                f"{row['low_eur']:,.0f}–{row['high_eur']:,.0f}", f"{row['observed_collected_eur']:,.0f}", row["method"],
            )  # fmt: skip
        console.print(table)
        for row in data["revenue"][:5]:
            console.print(row["name"], style="bold", markup=False)
            for line in row["assumptions"]:
                console.print(f"  - {line}", markup=False)
        people = Table(
            "money person", "organisations", "payments", "€", title="Money people serving several organisations"
        )
        for row in data["money_people"][:20]:
            people.add_row(
                row["name"],
                ", ".join(o["name"] for o in row["organisations"]),
                str(row["payments"]),
                f"{row['amount_eur']:,.0f}",
            )
        console.print(people)

    return draw


@analyse_app.command("money")
def money(
    ctx: typer.Context,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Keep only the N largest flows of each kind")] = None,
) -> None:
    """Money between people, accounts, organisations and countries; revenue estimates."""
    state = state_of(ctx)
    with state.acting() as (node, principal):
        view = node.view(principal, purpose="money", objects={"top": top})
        data = analyse_money(view, top=top)
    state.emit(data, _human(data))


__all__ = ["money"]
