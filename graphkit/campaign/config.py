"""The campaign file: a TOML plan a marketer writes, validated into a frozen :class:`Campaign`.

Every key is checked when the file is read (types, ranges, allowed values, unknown keys, keys that
need each other); a problem raises :class:`~graphkit.errors.InvalidInputError` naming the file and
the dotted key, e.g. ``spring.toml, key 'budget.total': must be greater than 0, got -5``. Keys that
depend on the data (a segment attribute, the cost column, user ids) are checked against the
graph by :mod:`graphkit.campaign.constraints`, with the same kind of message.

Sections (see ``graphkit/campaign/examples/spring-launch.toml`` for a commented example):

* top level: ``name`` (required), ``title``, ``objective`` (required: ``awareness`` or
  ``adoption``), ``rng`` (default 0), ``trials`` (Monte Carlo cascades behind every reach
  figure, default 10,000);
* ``[graph]``: ``store`` (a folder or a ``bolt://`` / ``neo4j://`` URI), and optionally where the
  graph comes from: ``generate = {users, mean_degree, circles, rng}`` or ``ties`` / ``users`` files
  with ``directed``, ``format``, ``flow``, ``third_column`` and a ``[graph.tie_rule]`` for ties without a strong/weak label;
* ``[model]``: ``kind`` (``ic`` / ``lt``), ``p_strong``, ``p_weak``, ``probability``,
  ``w_strong``, ``w_weak``, or ``fitted`` (a model file from ``graphkit fit``, relative to the
  campaign file, whose probabilities and intervals replace ``p_strong`` / ``p_weak``);
* ``[budget]`` (required): ``total`` with ``cost_column``, and/or ``max_kols``;
* ``[target]``: ``where = {column = value or [values]}`` and ``value_column``;
* ``[candidates]``: ``pool`` (``all`` / ``leaders``), ``leaders_per_circle``, ``min_followers``,
  ``exclude``, ``require``, ``max_per_circle``;
* ``[circles]``: ``method``, ``resolution``, ``strong_weight``, ``weak_weight``;
* ``[selection]``: ``method`` (``imm`` / ``celf``), ``eps``, ``trials``;
* ``[sensitivity]``: ``change`` (relative change of the tie parameters, default 0.5; 0 = skip) and
  ``budget_factors`` (re-plan with the budget times each, default [1.5, 2.0]; [] = skip);
* ``[compute]``: ``cluster`` (a Dask scheduler ``tcp://HOST:PORT`` or ``local:N``; ``--cluster``
  overrides it);
* ``[output]``: ``folder``, ``reach_threshold``, ``write_to_store``.

Relative file paths (``graph.ties``, ``graph.users``) are read from the campaign file's folder;
the store and output folders are relative to the working directory.

Examples
--------
>>> campaign = campaign_from_dict({"name": "spring", "objective": "awareness",
...                                "budget": {"total": 500, "cost_column": "cost"}})
>>> campaign.budget.total, campaign.model.kind, campaign.trials
(500.0, 'ic', 10000)
>>> campaign_from_dict({"name": "spring", "objective": "awareness", "budget": {"total": -5}})
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: key 'budget.total': must be greater than 0, got -5
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError

from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS
from graphkit.cluster import ADDRESS_PATTERN
from graphkit.diffusion.models import DEFAULT_IC, DEFAULT_LT
from graphkit.errors import InvalidInputError

__all__ = [
    "Campaign",
    "campaign_from_dict",
    "load_campaign",
]

_Name = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^\w[\w .-]*$")]
_Probability = Annotated[float, Field(ge=0.0, le=1.0)]
_SCALARS = (str, int, float, bool)
_MAX_SEED = 2**63 - 1
_MAX_TRIALS = 10_000_000


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class GenerateSpec(_Section):
    """A generated example network (:func:`graphkit.generate.generate_social_graph`)."""

    users: Annotated[int, Field(ge=50, le=10_000_000)] = 5000
    mean_degree: Annotated[float, Field(gt=0, le=1000)] = 10.0
    circles: Annotated[int, Field(ge=1)] | None = None
    rng: Annotated[int, Field(ge=0, le=_MAX_SEED)] = 0


class TieRuleSpec(_Section):
    """How ties without a strong/weak label are labelled (:class:`graphkit.io.labelling.TieRule`)."""

    min_interactions: Annotated[int, Field(ge=1)] = 3
    require_reciprocity: bool = Field(True, validation_alias=AliasChoices("require_reciprocity", "reciprocity"))
    max_silence_days: Annotated[float, Field(ge=0)] | None = None
    min_overlap: _Probability = 0.1


class GraphSection(_Section):
    """Where the users and ties are, and optionally where they come from."""

    store: Annotated[str, Field(min_length=1)] | None = None
    generate: GenerateSpec | None = None
    ties: Annotated[str, Field(min_length=1)] | None = None
    users: Annotated[str, Field(min_length=1)] | None = None
    directed: bool | None = None
    format: Literal["auto", "table", "edgelist", "interactions"] = "auto"
    flow: Literal["source-to-target", "target-to-source"] = "source-to-target"
    third_column: Literal["weight", "count"] = "weight"
    tie_rule: TieRuleSpec = TieRuleSpec()


class ModelSection(_Section):
    """The diffusion model and its strong/weak tie parameters."""

    kind: Literal["ic", "lt"] = "ic"
    p_strong: _Probability = DEFAULT_IC.p_strong
    p_weak: _Probability = DEFAULT_IC.p_weak
    probability: Literal["tie", "weighted_cascade", "explicit"] = DEFAULT_IC.probability
    w_strong: Annotated[float, Field(ge=0)] = DEFAULT_LT.w_strong
    w_weak: Annotated[float, Field(ge=0)] = DEFAULT_LT.w_weak
    fitted: Annotated[str, Field(min_length=1)] | None = None


class BudgetSection(_Section):
    """What the campaign may spend: a total with a cost column, and/or a number of KOLs."""

    total: Annotated[float, Field(gt=0, le=1e15)] | None = None
    cost_column: Annotated[str, Field(min_length=1)] | None = None
    max_kols: Annotated[int, Field(ge=1)] | None = None


class TargetSection(_Section):
    """Who counts as reach: an attribute filter, and optionally a value per user."""

    where: dict[str, Any] = {}
    value_column: Annotated[str, Field(min_length=1)] | None = None


class CandidatesSection(_Section):
    """Who may be picked."""

    pool: Literal["all", "leaders"] = "all"
    leaders_per_circle: Annotated[int, Field(ge=1)] = 3
    min_followers: Annotated[int, Field(ge=0)] = 0
    exclude: list[Annotated[str, Field(min_length=1)]] = []
    require: list[Annotated[str, Field(min_length=1)]] = []
    max_per_circle: Annotated[int, Field(ge=1)] | None = None


class CirclesSection(_Section):
    """How social circles are found (:func:`graphkit.analysis.detect_communities`)."""

    method: Literal["leiden", "louvain", "infomap", "lpa"] = "leiden"
    resolution: Annotated[float, Field(gt=0, le=1000)] | None = None
    strong_weight: Annotated[float, Field(gt=0)] = DEFAULT_TIE_WEIGHTS.strong
    weak_weight: Annotated[float, Field(gt=0)] = DEFAULT_TIE_WEIGHTS.weak


class SelectionSection(_Section):
    """The optimiser that picks the KOLs (:func:`graphkit.diffusion.select_seed_nodes`)."""

    method: Literal["imm", "celf"] = "imm"
    eps: Annotated[float, Field(ge=0.01, lt=1)] = 0.1
    trials: Annotated[int, Field(ge=2, le=_MAX_TRIALS)] = 1000


class SensitivitySection(_Section):
    """How far the tie parameters move (0 skips it), and the larger budgets to re-plan with (multiples; [] skips)."""

    change: Annotated[float, Field(ge=0, lt=1)] = 0.5
    budget_factors: Annotated[list[Annotated[float, Field(gt=1, le=10)]], Field(max_length=6)] = [1.5, 2.0]


class ComputeSection(_Section):
    """Where the simulations run: ``cluster`` is a Dask scheduler (tcp://HOST:PORT) or local:N; none = in process."""

    cluster: Annotated[str, Field(pattern=f"^({ADDRESS_PATTERN})$")] | None = None


class OutputSection(_Section):
    """Where the plan goes."""

    folder: Annotated[str, Field(min_length=1)] | None = None
    reach_threshold: _Probability = 0.05
    write_to_store: bool = True


class Campaign(_Section):
    """A validated campaign plan; ``source`` is the file it came from (None when built in code)."""

    name: _Name
    title: str | None = None
    objective: Literal["awareness", "adoption"]
    rng: Annotated[int, Field(ge=0, le=_MAX_SEED)] = 0
    trials: Annotated[int, Field(ge=2, le=_MAX_TRIALS)] = 10_000
    graph: GraphSection = GraphSection()
    model: ModelSection = ModelSection()
    budget: BudgetSection
    target: TargetSection = TargetSection()
    candidates: CandidatesSection = CandidatesSection()
    circles: CirclesSection = CirclesSection()
    selection: SelectionSection = SelectionSection()
    sensitivity: SensitivitySection = SensitivitySection()
    compute: ComputeSection = ComputeSection()
    output: OutputSection = OutputSection()
    source: Path | None = Field(default=None, exclude=True)

    @property
    def folder(self) -> Path:
        """The folder relative input paths are read from: the campaign file's, else the working directory."""
        return Path(".") if self.source is None else self.source.parent

    def input_path(self, value: str) -> Path:
        """A ``graph.ties`` / ``graph.users`` / ``model.fitted`` path, resolved against :attr:`folder`."""
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.folder / path

    def to_dict(self) -> dict[str, Any]:
        """The campaign as plain data (what the plan records)."""
        return self.model_dump(mode="json")


def load_campaign(path: str | Path) -> Campaign:
    """Read and validate a campaign TOML file.

    Raises
    ------
    InvalidInputError
        Naming the file and the dotted key (or the TOML syntax error's line and column).
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInputError("no such campaign file", path=path) from None
    except IsADirectoryError:
        raise InvalidInputError("is a folder, not a campaign file", path=path) from None
    except UnicodeDecodeError as error:
        raise InvalidInputError(f"not UTF-8 text (byte {error.start})", path=path) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(f"not valid TOML: {error}", path=path) from None
    except OSError as error:
        raise InvalidInputError(f"cannot read: {error.strerror}", path=path) from None
    return campaign_from_dict(data, source=path)


def campaign_from_dict(data: dict[str, Any], *, source: Path | None = None) -> Campaign:
    """Validate campaign settings given as a dict (the parsed TOML); see the module docstring."""
    if "source" in data:
        raise InvalidInputError("unknown key", path=source, key="source")
    try:
        campaign = Campaign.model_validate({**data, "source": source})
    except ValidationError as error:
        raise _translate(error.errors()[0], source) from None
    _check_combinations(campaign)
    return campaign


def _translate(error: dict[str, Any], source: Path | None) -> InvalidInputError:
    """One pydantic error -> one InvalidInputError naming the dotted key."""
    location = [part for part in error["loc"] if not _is_type_branch(part)]
    key = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location).lstrip(".") or None
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return InvalidInputError("is required", path=source, key=key)
    if kind == "extra_forbidden":
        section = _section_at(location[:-1])
        known = ", ".join(name for name in section.model_fields if name != "source")
        where = ".".join(location[:-1]) or "the top level"
        return InvalidInputError(f"unknown key; {where} takes {known}", path=source, key=key)
    message = error["msg"].replace("Input should be", "must be").replace("String should", "must")
    message = re.sub(r"a valid dictionary( or instance of \w+)?", "a table", message)
    message = message[0].lower() + message[1:]
    if not isinstance(value, (dict, list)):
        message += f", got {value!r}"
    return InvalidInputError(message, path=source, key=key)


def _is_type_branch(part: Any) -> bool:
    """pydantic adds the branch of a union (``int``, ``list[...]``) to an error's location."""
    return isinstance(part, str) and (part in {"str", "int", "float", "bool"} or part.startswith(("list[", "constrained")))


def _section_at(location: list[str]) -> type[BaseModel]:
    section: type[BaseModel] = Campaign
    for name in location:
        annotation = section.model_fields[name].annotation
        candidates = getattr(annotation, "__args__", (annotation,))
        section = next(c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel))
    return section


def _check_combinations(campaign: Campaign) -> None:
    """Rules between keys that the per-key types cannot say."""
    source = campaign.source

    def fail(key: str, message: str) -> None:
        raise InvalidInputError(message, path=source, key=key)

    budget = campaign.budget
    if budget.total is None and budget.max_kols is None:
        fail("budget.total", "is required (a total with budget.cost_column), unless budget.max_kols is given")
    if budget.total is not None and budget.cost_column is None:
        fail("budget.cost_column", "is required with budget.total: the users' column holding each user's fee")
    graph = campaign.graph
    if graph.generate is not None and (graph.ties is not None or graph.users is not None):
        fail("graph.generate", "cannot be combined with graph.ties / graph.users: choose one source")
    if graph.users is not None and graph.ties is None:
        fail("graph.ties", "is required with graph.users")
    if graph.generate is not None and graph.generate.circles is not None and graph.generate.circles > graph.generate.users:
        fail("graph.generate.circles", f"must be at most graph.generate.users ({graph.generate.users}), got {graph.generate.circles}")
    if graph.ties is not None and graph.directed is None:
        fail("graph.directed", "is required with graph.ties (true: one-way follows; false: mutual ties)")
    both = sorted(set(campaign.candidates.exclude) & set(campaign.candidates.require))
    if both:
        fail("candidates.require", f"names {both[0]!r}, which candidates.exclude also names")
    for name, values in (("exclude", campaign.candidates.exclude), ("require", campaign.candidates.require)):
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            fail(f"candidates.{name}", f"names {repeated[0]!r} twice")
    if budget.max_kols is not None and len(campaign.candidates.require) > budget.max_kols:
        fail("candidates.require", f"names {len(campaign.candidates.require)} users but budget.max_kols is {budget.max_kols}")
    if campaign.model.fitted is not None:
        if campaign.model.kind != "ic" or campaign.model.probability != "tie":
            fail("model.fitted", "holds IC probabilities by tie kind: use it with kind = \"ic\", probability = \"tie\"")
        guessed = sorted({"p_strong", "p_weak"} & campaign.model.model_fields_set)
        if guessed:
            fail(f"model.{guessed[0]}", "cannot be given with model.fitted, whose probabilities replace it")
    if campaign.model.kind == "lt" and campaign.model.w_strong == 0 and campaign.model.w_weak == 0:
        fail("model.w_strong", "and model.w_weak cannot both be 0")
    for column, allowed in campaign.target.where.items():
        values = allowed if isinstance(allowed, list) else [allowed]
        if not values or not all(isinstance(value, _SCALARS) for value in values):
            fail(f"target.where.{column}", f"must be a value or a non-empty list of values, got {allowed!r}")
    if "id" in campaign.target.where:
        fail("target.where.id", "user ids are not a segment: list users with candidates.require or a value_column")
