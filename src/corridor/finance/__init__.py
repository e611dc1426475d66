"""Finance: money flows, collectors, revenue estimates and money people serving several networks."""

from corridor.finance._analysis import analyse_money
from corridor.finance._brokers import money_people
from corridor.finance._collectors import collectors
from corridor.finance._flows import OUTSIDE, account_flows, country_flows, organisation_flows, party_flows
from corridor.finance._network import Network, read_network
from corridor.finance._payments import EUR_RATES, Ledger, Transfer, account_country, payment_method, read_ledger
from corridor.finance._revenue import MIN_OBSERVED_PAYERS, TARIFF_PER_BORDER_EUR, revenue_estimates

__all__ = [
    "EUR_RATES",
    "MIN_OBSERVED_PAYERS",
    "OUTSIDE",
    "TARIFF_PER_BORDER_EUR",
    "Ledger",
    "Network",
    "Transfer",
    "account_country",
    "account_flows",
    "analyse_money",
    "collectors",
    "country_flows",
    "money_people",
    "organisation_flows",
    "party_flows",
    "payment_method",
    "read_ledger",
    "read_network",
    "revenue_estimates",
]
