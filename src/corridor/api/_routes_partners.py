"""Partners and agreements, for the sharing page."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from corridor.access import can
from corridor.api._auth import CurrentPrincipal
from corridor.api._deps import NodeDep

router = APIRouter(tags=["sharing"])


class AgencyOut(BaseModel):
    """A partner agency and its point of contact."""

    code: str
    name: str
    country: str
    contact: str


class AgreementOut(BaseModel):
    """``provider`` releases intelligence of ``handling`` codes to ``recipient``."""

    id: str
    provider: str
    recipient: str
    handling: list[str]
    valid_from: str | None
    valid_until: str | None
    purpose: str


class Partners(BaseModel):
    """The agencies the node knows and the agreements that concern the caller's agency."""

    agency: str
    agencies: list[AgencyOut]
    agreements: list[AgreementOut]


@router.get("/api/partners")
def partners(principal: CurrentPrincipal, node: NodeDep) -> Partners:
    """Agencies and the agreements the caller's agency is party to (admins see all)."""
    node.view(principal, purpose="partners")
    everything = can(principal, "administer")
    return Partners(
        agency=principal.agency,
        agencies=[
            AgencyOut(code=a.code, name=a.name, country=a.country, contact=a.contact)
            for a in node.store.agencies().values()
        ],
        agreements=[
            AgreementOut(
                id=a.id,
                provider=a.provider,
                recipient=a.recipient,
                handling=sorted(a.handling),
                valid_from=a.valid_from.isoformat() if a.valid_from else None,
                valid_until=a.valid_until.isoformat() if a.valid_until else None,
                purpose=a.purpose,
            )
            for a in node.store.agreements()
            if everything or principal.agency in (a.provider, a.recipient)
        ],
    )
