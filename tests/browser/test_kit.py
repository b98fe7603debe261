"""The Browser kit without a browser: query headers, guide, favourites zip, CORS server, CLI."""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
import zipfile
from html.parser import HTMLParser

import pytest
import typer
from typer.testing import CliRunner

from graphkit.browser import (
    EXPLORE_DIR,
    GuideServer,
    browser_url,
    build_browser_kit,
    explore_queries,
    post_connect_command,
    render_guide,
    write_favourites_zip,
)
from graphkit.browser.kit import GUIDE_PARAMETERS
from graphkit.browser.queries import parse_explore_query
from graphkit.cli import browse, neo4j
from graphkit.errors import InvalidInputError

QUERIES = explore_queries()


class _Runnables(HTMLParser):
    """Collects (attributes, text) of every <pre class="runnable"> and the slide it sits in."""

    def __init__(self):
        super().__init__()
        self.blocks, self.slide, self._open = [], -1, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "slide":
            self.slide += 1
        if tag == "pre" and attrs.get("class") == "runnable":
            self._open = (self.slide, attrs, [])

    def handle_data(self, data):
        if self._open:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if tag == "pre" and self._open:
            slide, attrs, text = self._open
            self.blocks.append((slide, attrs, "".join(text)))
            self._open = None


def test_at_least_twelve_queries_with_titles_descriptions_and_declared_parameters():
    assert len(QUERIES) >= 12
    assert sorted(path.stem for path in EXPLORE_DIR.glob("*.cypher")) == list(QUERIES)
    for query in QUERIES.values():
        assert query.title and query.description and query.text.startswith(f"// {query.title}\n")
        assert set(re.findall(r"\$(\w+)", query.body)) == {p.name for p in query.parameters}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("MATCH (n) RETURN n", "must start with a '// title' line"),
        ("// Title only\nMATCH (n) RETURN n", "must start with a '// title' line"),
        (
            "// T\n// shows\n// $id  text  bad type\nMATCH (n {id: $id}) RETURN n",
            "parameter type must be one of",
        ),
        ("// T\n// shows\n// $id\nMATCH (n {id: $id}) RETURN n", "parameter line must be"),
        (
            "// T\n// shows\nMATCH (n {id: $id}) RETURN n",
            r"declared parameters \[\] must match the ones used \['id'\]",
        ),
        ("// T\n// shows\n// $x  string  unused\nRETURN 1", r"declared parameters \['x'\] must match"),
    ],
)
def test_malformed_query_files_are_rejected(text, message):
    with pytest.raises(InvalidInputError, match=message):
        parse_explore_query("bad", text)


def test_empty_query_folder_is_rejected(tmp_path):
    with pytest.raises(InvalidInputError, match="folder must hold .cypher files, got none"):
        explore_queries(tmp_path)


def test_guide_runs_every_query_after_setting_its_parameters():
    parser = _Runnables()
    parser.feed(render_guide("http://localhost:8765"))
    by_query = {
        attrs["data-query"]: (slide, text) for slide, attrs, text in parser.blocks if "data-query" in attrs
    }
    assert set(by_query) == set(QUERIES)
    for name, (_, text) in by_query.items():
        assert text == QUERIES[name].body  # html-escaped in the page, exact once parsed
    set_on_slide = {}  # every slide sets, before its queries, all the parameters they use
    for slide, attrs, text in parser.blocks:
        if "data-param" in attrs:
            assert text.startswith(f":param {attrs['data-param']} => ")
            set_on_slide.setdefault(slide, set()).add(attrs["data-param"])
        elif "data-query" in attrs:
            needed = {p.name for p in QUERIES[attrs["data-query"]].parameters}
            missing = needed - set_on_slide.get(slide, set())
            assert not missing, (attrs["data-query"], missing)
    assert parser.slide + 1 == 9
    assert {name for name, _ in GUIDE_PARAMETERS.values()} == {
        p.name for q in QUERIES.values() for p in q.parameters
    }


def test_guide_links_style_and_favourites_at_its_base_url():
    guide = render_guide("http://localhost:9999/")
    assert ":style http://localhost:9999/graphkit.grass" in guide
    assert 'href="http://localhost:9999/graphkit-queries.zip"' in guide
    assert "@BASE_URL@" not in guide and "<query " not in guide and "<params " not in guide
    with pytest.raises(InvalidInputError, match="URL must start with http:// or https://"):
        render_guide("localhost:9999")


def test_favourites_zip_holds_every_query_in_a_graphkit_folder(tmp_path):
    with zipfile.ZipFile(write_favourites_zip(tmp_path / "q.zip")) as archive:
        contents = {name: archive.read(name).decode() for name in archive.namelist()}
    assert contents == {f"graphkit/{name}.cypher": query.text for name, query in QUERIES.items()}


def test_style_sizes_leaders_and_seeds_and_thickens_strong_ties(tmp_path):
    style = build_browser_kit(tmp_path, base_url="http://localhost:1").style.read_text()
    rules = dict(re.findall(r"^([\w.]+) \{(.*?)\}$", style, flags=re.MULTILINE | re.DOTALL))
    assert set(rules) >= {
        "node.User",
        "node.Leader",
        "node.Seed",
        "relationship.STRONG_TIE",
        "relationship.WEAK_TIE",
    }
    assert {f"node.Circle{i}" for i in range(12)} <= set(rules)
    width = {
        kind: int(re.search(r"shaft-width: (\d+)px", rules[f"relationship.{kind}"])[1])
        for kind in ("STRONG_TIE", "WEAK_TIE")
    }
    assert width["STRONG_TIE"] >= 4 * width["WEAK_TIE"]
    assert "caption: '{id}'" in rules["node.User"]
    assert "/*" not in style  # Browser's GraSS parser has no comments


def test_guide_server_answers_loopback_origins_with_cors_headers(tmp_path):
    (tmp_path / "guide.html").write_text("<slide>hi</slide>")
    (tmp_path / ".env").write_text("GRAPHKIT_NEO4J_PASSWORD=secret")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "other.html").write_text("no")
    browser = {"Origin": "http://127.0.0.1:7474"}
    with GuideServer(tmp_path) as server:
        assert server.url.startswith("http://localhost:")
        request = urllib.request.Request(server.url + "/guide.html", headers=browser)
        with urllib.request.urlopen(request) as response:
            assert response.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:7474"
            assert response.read() == b"<slide>hi</slide>"
        request = urllib.request.Request(server.url + "/guide.html", method="OPTIONS", headers=browser)
        with urllib.request.urlopen(request) as response:
            assert response.status == 204
            assert response.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:7474"
        foreign = urllib.request.Request(server.url + "/guide.html", headers={"Origin": "https://evil.example"})
        with urllib.request.urlopen(foreign) as response:
            assert response.headers["Access-Control-Allow-Origin"] is None
        for path in ("/missing.html", "/.env", "/sub/other.html", "/"):
            with pytest.raises(urllib.error.HTTPError, match="404"):
                urllib.request.urlopen(server.url + path)
    with pytest.raises(InvalidInputError, match="the guide server is not running"):
        _ = server.url


def test_guide_server_answers_404_without_a_traceback_to_names_no_file_can_have(tmp_path, capfd):
    """Issue 17, item 10: a NUL in the decoded path made open() raise in the handler thread,
    which printed a traceback and closed the connection without an answer."""
    (tmp_path / "guide.html").write_text("<slide>hi</slide>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "other.html").write_text("no")
    with GuideServer(tmp_path) as server:
        for path in ("/guide.html%00.html", "/%00.html", "/guide.html%00", "/sub%2Fother.html", "/sub%5Cother.html"):
            with pytest.raises(urllib.error.HTTPError, match="404"):
                urllib.request.urlopen(server.url + path)
        with urllib.request.urlopen(server.url + "/guide.html") as response:  # still serving
            assert response.read() == b"<slide>hi</slide>"
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "Exception" not in captured.err, captured.err


def test_guide_server_rejects_bad_folder_and_busy_port(tmp_path):
    with pytest.raises(InvalidInputError, match="folder must be an existing directory"):
        GuideServer(tmp_path / "nope")
    with pytest.raises(InvalidInputError, match=r"port must be in \[0, 65535\], got 70000"):
        GuideServer(tmp_path, port=70000)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(InvalidInputError, match="cannot listen on 127.0.0.1"):
            GuideServer(tmp_path, port=taken.getsockname()[1]).start()


def test_browser_url_and_post_connect_command():
    url = browser_url(
        "http://127.0.0.1:7474",
        "bolt://127.0.0.1:7687",
        guide_url="http://localhost:8765/guide.html",
        database="social",
    )
    assert url == (
        "http://127.0.0.1:7474/browser/?dbms=neo4j://neo4j@127.0.0.1:7687&db=social"
        "&cmd=play&arg=http://localhost:8765/guide.html"
    )
    assert "cmd=" not in browser_url("http://127.0.0.1:7474", "bolt://127.0.0.1:7687")
    with pytest.raises(InvalidInputError, match="bolt_uri must look like bolt://host:port"):
        browser_url("http://127.0.0.1:7474", "bolt://127.0.0.1")
    command = post_connect_command("http://localhost:8765/")
    assert command == "style http://localhost:8765/graphkit.grass; play http://localhost:8765/guide.html"


@pytest.fixture
def cli():
    app = typer.Typer()
    neo4j.register(app)
    browse.register(app)
    browse.register(app)  # idempotent
    return app


def test_cli_writes_the_kit_and_prints_the_browser_url(cli, tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "neo4j",
            "browse",
            "--no-serve",
            "--json",
            "--out",
            str(tmp_path / "kit"),
            "--port",
            "8800",
            "--http-port",
            "7575",
            "--bolt-port",
            "7688",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["browser_url"] == (
        "http://127.0.0.1:7575/browser/?dbms=neo4j://neo4j@127.0.0.1:7688&db=neo4j"
        "&cmd=play&arg=http://localhost:8800/guide.html"
    )
    assert document["post_connect_cmd"] == post_connect_command("http://localhost:8800")
    assert sorted(path.name for path in (tmp_path / "kit").iterdir()) == [
        "graphkit-queries.zip",
        "graphkit.grass",
        "guide.html",
    ]
    assert zipfile.is_zipfile(document["favourites"])


def test_cli_reports_a_busy_port(cli, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["neo4j", "browse", "--out", str(tmp_path), "--port", str(port)])
    assert result.exit_code != 0
    assert isinstance(result.exception, InvalidInputError) and f"127.0.0.1:{port}" in str(result.exception)
