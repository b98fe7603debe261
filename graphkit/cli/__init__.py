"""The graphkit command-line interface (typer)."""
