"""Reading and writing files: users, ties, edge lists, interaction logs; the example generator."""

from graphkit.io.generate import generate_social_graph

__all__ = ["generate_social_graph"]
