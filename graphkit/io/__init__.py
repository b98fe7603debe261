"""Reading and writing files: users, ties, edge lists, interaction logs; the example generator.

Examples
--------
>>> from graphkit.io import read_graph_files, LoadReport
>>> sorted(LoadReport.__dataclass_fields__)[:3]
['directed', 'duplicates', 'duplicates_dropped']
"""

from graphkit.io.assemble import KnownIds, LoadReport, assemble_graph, read_graph_files
from graphkit.io.edgelist import read_edge_list
from graphkit.io.generate import generate_social_graph
from graphkit.io.interactions import aggregate_interactions, read_interactions
from graphkit.io.tables import read_table, read_ties, read_users

__all__ = [
    "generate_social_graph",
    "read_graph_files",
    "assemble_graph",
    "LoadReport",
    "KnownIds",
    "read_users",
    "read_ties",
    "read_table",
    "read_edge_list",
    "read_interactions",
    "aggregate_interactions",
]
