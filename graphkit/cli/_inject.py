"""Options several commands share, given to each command as one object.

:func:`shared_options` adds a block of typer options to a command's signature and hands the
command, in one parameter, the object built from their values; so a block such as the store
options or the model options is written once, not in every command.

Examples
--------
>>> from typing import Annotated
>>> import typer
>>> Size = Annotated[int, typer.Option("--size")]
>>> def command(shape: tuple, name: str = "x") -> str:
...     return f"{name}: {shape}"
>>> wrapped = shared_options(command, "shape", [("width", Size, 1), ("height", Size, 2)],
...                          lambda width, height: (width, height))
>>> list(inspect.signature(wrapped).parameters)
['name', 'width', 'height']
>>> wrapped(name="box", width=3, height=4)
'box: (3, 4)'
"""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any

__all__ = ["shared_options"]


def shared_options(
    command: Callable, target: str, options: list[tuple[str, Any, Any]], build: Callable[..., Any]
) -> Callable:
    """``command`` with the parameter ``target`` replaced by the typer ``options`` it is built from.

    Parameters
    ----------
    command : callable
        A typer command with a parameter named ``target`` (no typer meaning of its own; its
        annotation is not evaluated, so it may name a class imported for type checkers only).
    target : str
        That parameter's name.
    options : list of (name, Annotated typer option type, default)
        The options to add (keyword-only, after the command's own).
    build : callable
        ``build(**values of options) -> object`` passed to ``command`` as ``target``.
    """
    signature = inspect.signature(command)
    kept = [parameter for name, parameter in signature.parameters.items() if name != target]
    hints = _evaluated_hints(command, kept)  # typer reads the Annotated options
    kept = [parameter.replace(annotation=hints.get(parameter.name, parameter.annotation))
            for parameter in kept]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
             for name, kind, default in options]
    names = [name for name, _, _ in options]

    @functools.wraps(command)
    def with_options(**arguments):
        values = {name: arguments.pop(name) for name in names}
        return command(**arguments, **{target: build(**values)})

    parameters = [*kept, *added]
    with_options.__signature__ = signature.replace(parameters=parameters)
    with_options.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    return with_options


def _evaluated_hints(command: Callable, parameters: list[inspect.Parameter]) -> dict[str, Any]:
    """The annotations of ``parameters`` (of ``command``) as typer reads them: evaluated in the
    command's module (they are strings under ``from __future__ import annotations``), ``Annotated`` kept."""
    annotated = types.SimpleNamespace(__annotations__={
        parameter.name: parameter.annotation
        for parameter in parameters
        if parameter.annotation is not inspect.Parameter.empty
    })
    return typing.get_type_hints(annotated, globalns=inspect.unwrap(command).__globals__, include_extras=True)
