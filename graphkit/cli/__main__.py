"""``python -m graphkit.cli``: the same as the ``graphkit`` command."""

from graphkit.cli.app import main

main()
