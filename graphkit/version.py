"""graphkit's version: a leaf module, so that anything may import it without importing the package's layers.

Examples
--------
>>> from graphkit.version import __version__
>>> __version__.count(".")
2
"""

__version__ = "0.1.0"
