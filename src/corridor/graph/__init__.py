"""Graph: the network a principal may see, its key players, cells, paths and disruption."""

from corridor.graph._build import PHONE_PREFIX, GraphBuilder, build_graph, phone_node_id, read_canonical
from corridor.graph._cells import brokers, communities
from corridor.graph._disrupt import disrupt, efficiency, resilience, resolve_people, state
from corridor.graph._entity_graph import EntityGraph
from corridor.graph._keyplayers import WEIGHTS, key_player, key_players, path_share, scores
from corridor.graph._measures import Measures, betweenness, harmonic, measure
from corridor.graph._network import Network
from corridor.graph._paths import connection, hop_evidence, resolve_node, shortest_paths
from corridor.graph._projection import Projection, project
from corridor.graph._snapshot import CacheStats, GraphCache

__all__ = [
    "PHONE_PREFIX",
    "WEIGHTS",
    "CacheStats",
    "EntityGraph",
    "GraphBuilder",
    "GraphCache",
    "Measures",
    "Network",
    "Projection",
    "betweenness",
    "brokers",
    "build_graph",
    "communities",
    "connection",
    "disrupt",
    "efficiency",
    "harmonic",
    "hop_evidence",
    "key_player",
    "key_players",
    "measure",
    "path_share",
    "phone_node_id",
    "project",
    "read_canonical",
    "resilience",
    "resolve_node",
    "resolve_people",
    "scores",
    "shortest_paths",
    "state",
]
