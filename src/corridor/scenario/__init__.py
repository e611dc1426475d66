"""Scenario: a synthetic Western Balkan smuggling world, each agency's view of it, and the truth.

There is no public data set of smuggling networks and real police data can never be in a
repository, so corridor generates its own: organisations along the route, groups of
migrants moved leg by leg, interceptions, boats, calls and payments, calibrated on
published figures; each agency's files in its own language, script and format with the
noise real records have; their FtM mappings, a manifest and ``partners.yml``; and the
ground truth that tests and benchmarks score resolution and key-player detection on.
"""

from corridor.scenario._calibration import CALIBRATION, Figure
from corridor.scenario._generate import SIZES, generate

__all__ = ["CALIBRATION", "SIZES", "Figure", "generate"]
