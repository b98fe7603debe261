"""Execute the notebooks in notebooks/ so they never rot; executed copies go to test-artifacts/notebooks/.

Each notebook runs in a fresh ``python3`` kernel with notebooks/ as its working directory; any
cell error fails the test. The quickstart runs twice: on the data it finds (facebook-ego in
``../shared/data`` when present) and with that folder hidden, so its fallback to a generated
network is exercised too. It never skips. The Neo4j notebook runs against the real server that the
test session starts (``neo4j_server``); a server that cannot start fails the test. The
connection reaches the kernel through environment variables, and the database is cleared after it.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from graphkit.store import open_store
from tests.conftest import REPO

NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "test-artifacts" / "notebooks"
CELL_TIMEOUT = 600  # seconds; each notebook takes well under a minute on 2 cores
NAMES = ["01-quickstart", "02-brand-campaign", "03-campaign-in-neo4j", "04-calibrate-on-past-campaigns"]


def execute(name: str, artifact: str | None = None) -> nbformat.NotebookNode:
    """Run notebooks/<name>.ipynb; save the executed copy (also after a failing cell) and return it."""
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = NotebookClient(
        notebook, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    try:
        client.execute()
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, ARTIFACTS / f"{artifact or name}.ipynb")
    return notebook


def figures(notebook: nbformat.NotebookNode) -> int:
    """Number of PNG images the notebook's outputs hold."""
    return sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


def outputs_text(notebook: nbformat.NotebookNode) -> str:
    return json.dumps([cell.get("outputs", []) for cell in notebook.cells])


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)


@pytest.mark.slow
@pytest.mark.parametrize("data", ["found", "generated"])
def test_quickstart(data, tmp_path, monkeypatch):
    if data == "generated":  # an empty shared-data folder: the notebook generates its network
        monkeypatch.setenv("GRAPHKIT_SHARED_DATA", str(tmp_path))
    notebook = execute("01-quickstart", "01-quickstart" if data == "found" else "01-quickstart-generated")
    assert figures(notebook) == 4
    if data == "generated":
        assert "a generated network" in outputs_text(notebook)


@pytest.mark.slow
def test_calibrate_on_past_campaigns():
    notebook = execute("04-calibrate-on-past-campaigns")
    assert figures(notebook) == 1
    text = outputs_text(notebook)
    assert "fitted by graphkit fit on 800 cascades" in text and "p_strong low (95%)" in text


@pytest.mark.slow
def test_brand_campaign():
    notebook = execute("02-brand-campaign")
    assert figures(notebook) == 4
    assert "report.html" in outputs_text(notebook)


@pytest.mark.slow
@pytest.mark.neo4j
def test_campaign_in_neo4j(neo4j_server, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("GRAPHKIT_NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.setenv("GRAPHKIT_NEO4J_DATABASE", neo4j_server.database)
    store = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password,
                       database=neo4j_server.database)
    try:
        notebook = execute("03-campaign-in-neo4j")
    finally:  # the notebook leaves its campaign for Browser; other tests share the server
        store.clear()
        store.close()
    assert figures(notebook) == 1
    assert neo4j_server.password not in json.dumps(notebook)
