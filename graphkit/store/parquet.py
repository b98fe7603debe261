"""The embedded store: a folder of Parquet tables, committed atomically through ``meta.json``.

Layout of the folder::

    meta.json                     format, schema version, directed, and the file of each table
    users.<generation>.parquet    id + attributes, sorted by id
    ties.<generation>.parquet     source, target, tie, weight, p, labelled_by, ... (undirected ties
                                  oriented from the smaller id), sorted by (source, target)
    graph.<generation>.arrow      the ties as node-index arrays, memory-mapped by read_graph
                                  (see :mod:`graphkit.store._graph_file`; optional)
    communities / members / leaders / campaigns / campaign_seeds / campaign_reaches.<generation>.parquet
    graphkit.lock                 the write lock (see :mod:`graphkit.store._lock`)

A write holds the folder's lock from reading ``meta.json`` to committing, so writers take turns
and each applies its change on top of the state the previous one committed: concurrent loads end
with the union of what they loaded. It puts the tables it changes into new files (written under a
temporary name, then renamed), and commits by replacing ``meta.json`` with ``os.replace``; files
no longer named by ``meta.json`` are deleted afterwards. A crash at any point leaves either the old
or the new state, and the lock dies with its holder. Readers never wait: they open every file a
``meta.json`` names before reading any, and start again from the new ``meta.json`` if a commit
removed one first, so they always see one complete version. ``read_graph`` keeps its version's
files memory-mapped, so the tables a graph makes on first use come from that version even after
later commits delete its files.

Examples
--------
>>> import tempfile, graphkit
>>> from graphkit.store.parquet import ParquetStore
>>> store = ParquetStore(tempfile.mkdtemp())
>>> store.write_graph(graphkit.generate_social_graph(n_users=30, rng=2)).counts.users
30
>>> store.read_graph().n_nodes
30
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from graphkit.errors import InvalidInputError, NoGraphError, StoreQueryError, StoreUnavailableError
from graphkit.graph import STRONG, SocialGraph
from graphkit.store._graph_file import graph_arrays_table, read_arrays_graph, write_arrow
from graphkit.store._lock import FolderLock, WaitNotice
from graphkit.store._row_groups import read_tables_graph
from graphkit.store._tables import (
    RESULT_COLUMNS,
    check_campaign,
    check_communities,
    check_known_users,
    check_merged_kinds,
    check_storable_graph,
    check_user_properties,
    directedness_mismatch,
    empty_table,
    finish_table,
    merge_rows,
    tie_table,
)
from graphkit.store.base import ProgressCallback, StoreCounts, WriteSummary

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SCHEMA_VERSION", "ParquetStore"]

SCHEMA_VERSION = 1
_FORMAT = "graphkit-parquet-store"
_META = "meta.json"
_TABLES = ("users", "ties", "graph", *RESULT_COLUMNS)
_GRAPH_FILE = "graph_file"  # the key of meta.json that names the graph file (not a table: no "tables" entry)
_OWN_FILE = re.compile(rf"^({'|'.join(_TABLES)})\.\d+\.(parquet|arrow)(\.tmp)?$|^{re.escape(_META)}\.tmp$")
_READ_ATTEMPTS = 20  # a reader retries when commits keep removing the files it was about to open


class ParquetStore:
    """A GraphStore kept as Parquet tables in one folder (created on the first write).

    Parameters
    ----------
    folder : str or Path
        The store's folder. It may hold other files; graphkit only touches its own.
    wait : bool, default True
        When another process is writing: wait for it (``notice`` is told), or raise
        :class:`~graphkit.errors.StoreBusyError` at once.
    notice : callable, optional
        Gets one line for people when a write starts waiting for another writer, and one when it
        goes ahead.

    Raises
    ------
    InvalidInputError
        If ``folder`` is an existing file, or holds a ``meta.json`` that is not a graphkit store
        of a schema version this graphkit reads.
    """

    def __init__(self, folder: str | Path, *, wait: bool = True, notice: WaitNotice | None = None) -> None:
        self.folder = Path(folder)
        self.location = str(self.folder)
        self.wait = bool(wait)
        self.notice = notice
        self._lock = FolderLock(self.folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise InvalidInputError(f"store location {self.location!r} is a file, not a folder")
        self._meta()

    def __repr__(self) -> str:
        return f"ParquetStore(location={self.location!r})"

    # ------------------------------------------------------------------ reading
    def counts(self) -> StoreCounts:
        meta, tables = self._snapshot({"users": ["id"], "ties": ["tie"]})
        return _counts(meta, tables["users"], tables["ties"])

    def existing_user_ids(self, ids: Iterable[str]) -> set[str]:
        _, tables = self._snapshot({"users": ["id"]})
        return _held(tables["users"], ids)

    def read_graph(self) -> SocialGraph:
        meta, files = self._open_version(("users", "ties", "graph"), lambda path: pa.memory_map(str(path)))
        directed = bool(meta["directed"])
        try:
            graph = None
            if len(files) == 3:
                graph = read_arrays_graph(files, meta["tables"]["ties"], directed, self._parquet)
            if (graph is None or not graph.n_nodes) and "users" in files:
                ties_path = str(self.folder / meta["tables"].get("ties", ""))
                graph = read_tables_graph(files, directed, self._parquet, ties_path=ties_path)
        except (OSError, pa.ArrowException) as error:
            message = f"cannot read the graph of the store at {self.location}: {error}"
            raise StoreUnavailableError(message) from error
        if graph is None or not graph.n_nodes:
            raise NoGraphError(self._no_graph(meta))
        return graph

    def _no_graph(self, meta: dict) -> str:
        """Why there is no graph to read, for people: a typo'd, empty or foreign folder, or an emptied store."""
        where = f"no graphkit store at {self.location}"
        if not self.folder.exists():
            return where
        if meta["tables"] or (self.folder / _META).is_file():
            return f"the graphkit store at {self.location} holds no users: load a graph with graphkit load"
        others = [path.name for path in self.folder.iterdir() if path.name != self._lock.path.name]
        if not others:
            return f"{where}: the folder is empty (load a graph into it with graphkit load)"
        return f"{where}: the folder holds {len(others):,} other files and no {_META} (is it the right folder?)"

    def read_table(self, name: str) -> pd.DataFrame:
        if name not in RESULT_COLUMNS:
            raise InvalidInputError(f"name must be one of {', '.join(RESULT_COLUMNS)}, got {name!r}")
        _, tables = self._snapshot({name: None})
        table = tables[name]
        return finish_table(name, table) if len(table.columns) else empty_table(name)

    # ------------------------------------------------------------------ writing
    def write_graph(self, graph: SocialGraph, *, progress: ProgressCallback | None = None) -> WriteSummary:
        check_storable_graph(graph)
        started = time.perf_counter()
        with self._writing() as meta:
            if meta["directed"] is not None and meta["directed"] != graph.directed:
                raise InvalidInputError(directedness_mismatch(self.location, meta["directed"], graph.directed))
            users = merge_rows(self._read("users", meta), graph.users.astype({"id": object}), ["id"])
            ties = merge_rows(self._read("ties", meta), tie_table(graph), ["source", "target"])
            check_merged_kinds("users", users)
            check_merged_kinds("ties", ties)
            arrays = graph_arrays_table(users, ties, f"ties.{int(meta['generation']) + 1}.parquet")
            committed = self._commit(
                meta, {"users": users, "ties": ties, "graph": arrays}, directed=graph.directed
            )
        if progress is not None:
            progress(graph.n_nodes + graph.n_ties)
        return WriteSummary(
            users_written=graph.n_nodes,
            ties_written=graph.n_ties,
            seconds=time.perf_counter() - started,
            counts=_counts(committed, users, ties),
        )

    def write_user_properties(self, table: pd.DataFrame) -> None:
        table = check_user_properties(table)
        with self._writing() as meta:
            users = self._read("users", meta)
            check_known_users(lambda ids: _held(users, ids), table["id"], "table")
            kept = users.drop(columns=[c for c in table.columns if c != "id" and c in users.columns])
            self._commit(meta, {"users": kept.merge(table, on="id", how="left")})

    def write_communities(
        self, communities: pd.DataFrame, members: pd.DataFrame, leaders: pd.DataFrame
    ) -> None:
        import pandas as pd
        communities, members, leaders = check_communities(communities, members, leaders)
        with self._writing() as meta:
            users = self._read("users", meta, columns=["id"])
            check_known_users(
                lambda ids: _held(users, ids), pd.concat([members["user"], leaders["user"]]), "members/leaders"
            )
            self._commit(meta, {"communities": communities, "members": members, "leaders": leaders})

    def write_campaign(self, campaign: dict, seeds: pd.DataFrame, reaches: pd.DataFrame) -> None:
        import pandas as pd
        campaign, seeds, reaches = check_campaign(campaign, seeds, reaches)
        name = campaign["name"]
        with self._writing() as meta:
            users = self._read("users", meta, columns=["id"])
            check_known_users(
                lambda ids: _held(users, ids), pd.concat([seeds["user"], reaches["user"]]), "seeds/reaches"
            )
            tables = {}
            for table_name, new in (
                ("campaigns", pd.DataFrame([campaign])),
                ("campaign_seeds", seeds.assign(campaign=name)),
                ("campaign_reaches", reaches.assign(campaign=name)),
            ):
                old = self._read(table_name, meta)
                key = "name" if table_name == "campaigns" else "campaign"
                if key in old.columns:
                    old = old[old[key] != name]
                tables[table_name] = _stack(old, new) if len(old) else new
            self._commit(meta, tables)

    def clear(self) -> None:
        if not self.folder.is_dir():
            return
        with self._writing():
            try:
                (self.folder / _META).unlink(missing_ok=True)
                self._collect_garbage(set())
            except OSError as error:
                raise StoreUnavailableError(f"cannot clear the store at {self.location}: {error}") from error

    def close(self) -> None:
        """Nothing to release: every call opens and closes its own files (and lock)."""

    # ------------------------------------------------------------------ files
    def _meta(self) -> dict:
        path = self.folder / _META
        if not path.is_file():
            return {
                "format": _FORMAT,
                "schema_version": SCHEMA_VERSION,
                "directed": None,
                "generation": 0,
                "tables": {},
            }
        try:
            meta = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise StoreUnavailableError(f"cannot read {path}: {error}") from error
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
            raise InvalidInputError(f"{path} is not the meta.json of a graphkit store")
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise InvalidInputError(
                f"{path} has schema_version {meta.get('schema_version')!r}; this graphkit reads {SCHEMA_VERSION}"
            )
        return meta

    def _snapshot(self, wanted: dict[str, list[str] | None]) -> tuple[dict, dict[str, pd.DataFrame]]:
        """One committed version of the ``wanted`` tables (name -> columns, None for all), without
        waiting for writers (see :meth:`_open_version`)."""
        import pandas as pd
        meta, handles = self._open_version(wanted, lambda path: open(path, "rb"))
        with ExitStack() as files:
            for handle in handles.values():
                files.enter_context(handle)
            return meta, {
                table: self._parquet(table, handles[table], columns) if table in handles else pd.DataFrame()
                for table, columns in wanted.items()
            }

    def _open_version(
        self, tables: Iterable[str], opener: Callable[[Path], Any]
    ) -> tuple[dict, dict[str, Any]]:
        """The committed ``meta.json`` and its files of ``tables`` (those it names), opened with
        ``opener``: every file is opened before any is read, so a commit that removes them
        afterwards does not matter, and one that removes them before sends us to its ``meta.json``."""
        for _ in range(_READ_ATTEMPTS):
            meta = self._meta()
            handles: dict[str, Any] = {}
            try:
                named = _files(meta)
                for table in tables:
                    if table in named:
                        handles[table] = opener(self.folder / named[table])
            except FileNotFoundError:
                _close(handles)
                continue  # a commit happened between reading meta.json and opening its files
            except OSError as error:
                _close(handles)
                raise StoreUnavailableError(f"cannot read the store at {self.location}: {error}") from error
            return meta, handles
        raise StoreUnavailableError(
            f"cannot read a stable version of the store at {self.location}: "
            f"{_READ_ATTEMPTS} commits came between reading meta.json and opening its files"
        )

    def _read(self, table: str, meta: dict, *, columns: list[str] | None = None) -> pd.DataFrame:
        """A table of ``meta``'s version; only for writers, who hold the lock."""
        import pandas as pd
        name = meta["tables"].get(table)
        if name is None:
            return pd.DataFrame()
        return self._parquet(table, self.folder / name, columns)

    def _parquet(self, table: str, source, columns: list[str] | None) -> pd.DataFrame:
        import pandas as pd
        try:
            return pd.read_parquet(source, columns=columns)
        except (OSError, pa.ArrowException) as error:
            raise StoreUnavailableError(
                f"cannot read table {table!r} of the store at {self.location}: {error}"
            ) from error

    @contextmanager
    def _writing(self) -> Iterator[dict]:
        """Hold the write lock; yields the committed ``meta.json`` as of taking it."""
        with self._lock.hold(wait=self.wait, notice=self.notice):
            meta = self._meta()
            self._collect_garbage(set(_files(meta).values()))  # what a killed writer left
            yield meta

    def _commit(
        self, meta: dict, tables: dict[str, pd.DataFrame | pa.Table | None], *, directed: bool | None = None
    ) -> dict:
        """Write ``tables`` as the next version and switch ``meta.json`` to it (lock held): frames
        as Parquet, Arrow tables as Arrow IPC files; None drops the table from the version."""
        generation = int(meta["generation"]) + 1
        new_meta = {
            **meta,
            "generation": generation,
            "directed": meta["directed"] if directed is None else bool(directed),
            "tables": dict(meta["tables"]),
        }
        try:
            for table, frame in tables.items():
                where, key = (new_meta, _GRAPH_FILE) if table == "graph" else (new_meta["tables"], table)
                if frame is None:
                    where.pop(key, None)
                    continue
                name = f"{table}.{generation}.{'arrow' if isinstance(frame, pa.Table) else 'parquet'}"
                temporary = self.folder / f"{name}.tmp"
                if isinstance(frame, pa.Table):
                    write_arrow(frame, temporary)
                else:
                    frame.reset_index(drop=True).to_parquet(temporary, index=False)
                _fsync(temporary)
                os.replace(temporary, self.folder / name)
                where[key] = name
            _replace_atomically(self.folder / _META, json.dumps(new_meta, indent=2).encode())
        except (pa.ArrowException, ValueError, TypeError) as error:
            self._collect_garbage(set(_files(meta).values()))
            raise StoreQueryError(f"cannot write to the store at {self.location}: {error}") from error
        except OSError as error:
            raise StoreUnavailableError(f"cannot write to the store at {self.location}: {error}") from error
        self._collect_garbage(set(_files(new_meta).values()))
        return new_meta

    def _collect_garbage(self, keep: set[str]) -> None:
        """Delete graphkit's files that ``meta.json`` does not name (lock held)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if _OWN_FILE.match(path.name) and path.name not in keep:
                path.unlink(missing_ok=True)


def _counts(meta: dict, users: pd.DataFrame, ties: pd.DataFrame) -> StoreCounts:
    strong = int((ties["tie"] == STRONG).sum()) if "tie" in ties.columns else 0
    return StoreCounts(
        users=len(users), strong_ties=strong, weak_ties=len(ties) - strong, directed=meta["directed"]
    )


def _held(users: pd.DataFrame, ids: Iterable[str]) -> set[str]:
    import pandas as pd
    if "id" not in users.columns:
        return set()
    wanted = pd.Index([str(i) for i in ids])
    return set(wanted[wanted.isin(users["id"])])


def _stack(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """``old`` rows then ``new`` rows; a column empty on one side takes its type from the other."""
    import pandas as pd

    def thin(frame: pd.DataFrame, other: pd.DataFrame) -> pd.DataFrame:
        empty = [c for c in frame.columns if c in other.columns and frame[c].isna().all() and other[c].notna().any()]
        return frame.drop(columns=empty)

    stacked = pd.concat([thin(old, new), thin(new, old)], ignore_index=True)
    return stacked[list(dict.fromkeys([*old.columns, *new.columns]))]


def _files(meta: dict) -> dict[str, str]:
    """Every file of the version ``meta`` names: its tables and its graph file if it has one."""
    return {**meta["tables"], **({"graph": meta[_GRAPH_FILE]} if _GRAPH_FILE in meta else {})}


def _close(handles: dict) -> None:
    for handle in handles.values():
        handle.close()


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _replace_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
