"""Parquet-only behaviour: the folder layout and atomic commits."""

from __future__ import annotations

import json
import os

import pytest

from graphkit.errors import InvalidInputError, StoreQueryError
from graphkit.generate import generate_social_graph
from graphkit.store import ParquetStore, open_store


def test_folder_is_created_on_first_write(tmp_path):
    store = open_store(tmp_path / "a" / "b")
    assert isinstance(store, ParquetStore) and not (tmp_path / "a").exists()
    store.write_graph(generate_social_graph(n_users=20, rng=1))
    meta = json.loads((tmp_path / "a" / "b" / "meta.json").read_text())
    assert (meta["schema_version"], meta["directed"]) == (1, False)
    assert sorted(meta["tables"]) == ["ties", "users"]


def test_a_crash_before_the_commit_leaves_the_old_state(tmp_path, monkeypatch):
    store = open_store(tmp_path)
    small = generate_social_graph(n_users=20, rng=1)
    store.write_graph(small)
    files = sorted(os.listdir(tmp_path))
    real_replace = os.replace

    def crash_on_meta(source, target):
        if str(target).endswith("meta.json"):
            raise KeyboardInterrupt  # the process dies just before the commit
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", crash_on_meta)
    with pytest.raises(KeyboardInterrupt):
        store.write_graph(generate_social_graph(n_users=50, rng=2))
    monkeypatch.setattr(os, "replace", real_replace)
    assert open_store(tmp_path).counts().users == 20  # new table files exist but are not committed
    store.write_graph(small)  # the next write sweeps the leftovers
    assert len(os.listdir(tmp_path)) == len(files)


def test_unwritable_values_raise_and_change_nothing(tmp_path):
    store = open_store(tmp_path)
    store.write_graph(generate_social_graph(n_users=20, rng=1))
    before = sorted(os.listdir(tmp_path))
    import pandas as pd

    table = pd.DataFrame({"id": ["u00", "u01"], "mixed": [object(), 1]})
    with pytest.raises(StoreQueryError, match="cannot write"):
        store.write_user_properties(table)
    assert sorted(os.listdir(tmp_path)) == before
    assert "mixed" not in store.read_graph().users.columns


def test_a_file_is_not_a_store(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(InvalidInputError, match="is a file"):
        open_store(path)


def test_foreign_meta_json_is_refused(tmp_path):
    (tmp_path / "meta.json").write_text('{"name": "something else"}')
    with pytest.raises(InvalidInputError, match="not the meta.json of a graphkit store"):
        open_store(tmp_path)


def test_other_files_in_the_folder_are_left_alone(tmp_path):
    (tmp_path / "README.txt").write_text("mine")
    store = open_store(tmp_path)
    store.write_graph(generate_social_graph(n_users=20, rng=1))
    store.clear()
    assert sorted(os.listdir(tmp_path)) == ["README.txt", "graphkit.lock"]  # the lock file stays: see _lock
