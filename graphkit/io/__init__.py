"""From files to a SocialGraph: readers with row-level validation, the interaction aggregator,
strong/weak tie labelling, and the assembly that applies the load policies.

One step per module: :mod:`~graphkit.io.tables` (CSV/Parquet users and ties),
:mod:`~graphkit.io.edgelist`, :mod:`~graphkit.io.interactions` (logs aggregated into ties),
:mod:`~graphkit.io.labelling` (:class:`TieRule`, :func:`label_ties`),
:mod:`~graphkit.io.assemble` (:func:`read_graph_files`: policies, labelling, the report), with
the policy steps in :mod:`~graphkit.io._policies` and :class:`LoadReport` in
:mod:`~graphkit.io.load_report`; :mod:`~graphkit.io.cascades` reads observed cascades
(:func:`read_cascades`) over a graph's users.

Examples
--------
>>> from graphkit.io import read_graph_files, LoadReport
>>> sorted(LoadReport.__dataclass_fields__)[:3]
['directed', 'duplicates', 'duplicates_dropped']
"""

from graphkit.io._policies import KnownIds
from graphkit.io.assemble import assemble_graph, read_graph_files
from graphkit.io.cascades import CASCADE_FORMATS, CascadeReport, read_cascades
from graphkit.io.edgelist import read_edge_list
from graphkit.io.interactions import aggregate_interactions, read_interactions
from graphkit.io.labelling import TieRule, label_ties, neighbourhood_overlap
from graphkit.io.load_report import LoadReport
from graphkit.io.tables import read_table, read_ties, read_users

__all__ = [
    "read_graph_files",
    "assemble_graph",
    "LoadReport",
    "KnownIds",
    "TieRule",
    "label_ties",
    "neighbourhood_overlap",
    "read_users",
    "read_ties",
    "read_table",
    "read_edge_list",
    "read_interactions",
    "aggregate_interactions",
    "read_cascades",
    "CascadeReport",
    "CASCADE_FORMATS",
]
