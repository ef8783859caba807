"""Named queries: '#+' headers parse, files are discovered by path, parameters bind as typed
terms (never pasted into the text), and bad values or headers are refused."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cica_graph.paths import QUERIES
from cica_graph.queries import (
    Param,
    ParameterError,
    bind,
    discover,
    parse_query,
    rows,
    run,
)
from cica_graph.store import EmbeddedRepo

XSD = "http://www.w3.org/2001/XMLSchema#"
HEADER = """\
#+ summary: Which labels does a state have?
#+ tags: demo, labels
#+ author: tests
#+ param: state (iri, default state/kazakhstan): The state.
#+ param: lang (string): A language tag.
"""
LABELS = (
    HEADER
    + "SELECT ?state ?lang ?label WHERE { ?state rdfs:label ?label FILTER(LANG(?label) = ?lang) }\n"
)


def test_header_is_parsed() -> None:
    query = parse_query("demo/labels", LABELS)
    assert query.name == "demo/labels"
    assert query.summary == "Which labels does a state have?"
    assert query.tags == ("demo", "labels")
    assert query.form == "SELECT"
    assert query.meta["author"] == "tests"
    assert query.params == (
        Param("state", "iri", "state/kazakhstan", "The state."),
        Param("lang", "string", None, "A language tag."),
    )
    assert query.text == LABELS


@pytest.mark.parametrize(
    "body,form",
    [
        ("ASK { ?s ?p ?o }", "ASK"),
        ("construct { ?s ?p ?o } where { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <https://w3id.org/cica/id/state/kazakhstan>", "DESCRIBE"),
        ("PREFIX x: <http://x/ASK/> SELECT * {}", "SELECT"),
        ("# ASK in a comment\nSELECT * {}", "SELECT"),
    ],
)
def test_query_form(body: str, form: str) -> None:
    assert parse_query("x", f"#+ summary: s\n{body}").form == form


@pytest.mark.parametrize(
    "text,message",
    [
        ("SELECT * {}", "missing '#\\+ summary:' header"),
        ("#+ summary: s\n#+ param: n (float): N\nSELECT ?n {}", "bad param line"),
        ("#+ summary: s\n#+ param: n: no type\nSELECT ?n {}", "bad param line"),
    ],
)
def test_bad_headers_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^x: {message}"):
        parse_query("x", text)


def test_discover_names_queries_by_path(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "second.rq").write_text("#+ summary: two\nASK {}")
    (tmp_path / "first.rq").write_text("#+ summary: one\nSELECT * {}")
    (tmp_path / "notes.txt").write_text("#+ summary: not a query")
    found = discover(tmp_path)
    assert list(found) == ["b/second", "first"]
    assert (found["b/second"].summary, found["b/second"].form) == ("two", "ASK")


def test_every_project_query_is_discovered() -> None:
    names = {p.relative_to(QUERIES).with_suffix("").as_posix() for p in QUERIES.rglob("*.rq")}
    assert set(discover()) == names


# --- binding ------------------------------------------------------------------------------


def typed(*params: str) -> str:
    return "#+ summary: s\n" + "".join(f"#+ param: {p}\n" for p in params) + "SELECT * {}"


@pytest.mark.parametrize(
    "param,raw,term",
    [
        ("a (iri): A", "state/kuwait", ox.NamedNode("https://w3id.org/cica/id/state/kuwait")),
        ("a (iri): A", "http://example.org/x", ox.NamedNode("http://example.org/x")),
        ("n (integer): N", "-3", ox.Literal("-3", datatype=ox.NamedNode(XSD + "integer"))),
        ("b (boolean): B", "TRUE", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
        ("b (boolean): B", "false", ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean"))),
        (
            "d (date): D",
            "2024-06-27",
            ox.Literal("2024-06-27", datatype=ox.NamedNode(XSD + "date")),
        ),
        ("y (year): Y", "2019", ox.Literal("2019", datatype=ox.NamedNode(XSD + "gYear"))),
        ("t (string): T", "Baku", ox.Literal("Baku")),
    ],
)
def test_values_bind_as_typed_terms(param: str, raw: str, term: object) -> None:
    query = parse_query("x", typed(param))
    name = query.params[0].name
    assert bind(query, {name: raw}) == {name: term}


@pytest.mark.parametrize(
    "param,raw",
    [
        ("n (integer): N", "three"),
        ("n (integer): N", "1.5"),
        ("b (boolean): B", "yes"),
        ("d (date): D", "2024-06"),
        ("d (date): D", "27 June 2024"),
        ("y (year): Y", "19"),
        ("y (year): Y", "2019-01-01"),
        ("a (iri): A", "has space"),
    ],
)
def test_bad_values_are_refused(param: str, raw: str) -> None:
    query = parse_query("x", typed(param))
    name = query.params[0].name
    with pytest.raises(ParameterError, match=f"parameter '{name}': '{raw}' is not a valid"):
        bind(query, {name: raw})


def test_defaults_required_and_unknown_parameters() -> None:
    query = parse_query("x", typed("y (year, default 2019): Y", "n (integer): N"))
    assert bind(query, {"n": "1"})["y"] == ox.Literal("2019", datatype=ox.NamedNode(XSD + "gYear"))
    with pytest.raises(ParameterError, match="parameter 'n' is required"):
        bind(query, {})
    with pytest.raises(ParameterError, match="unknown parameter\\(s\\): a, z"):
        bind(query, {"n": "1", "z": "1", "a": "2"})


def test_run_binds_parameters(repo: EmbeddedRepo) -> None:
    query = parse_query("demo/labels", LABELS)
    result = list(rows(run(repo, query, {"lang": "ru"})))
    assert result == [
        {"state": "https://w3id.org/cica/id/state/kazakhstan", "lang": "ru", "label": "Казахстан"}
    ]
    other = list(rows(run(repo, query, {"state": "state/azerbaijan", "lang": "en"})))
    assert [r["label"] for r in other] == ["Azerbaijan"]


def test_injection_stays_a_value(repo: EmbeddedRepo) -> None:
    query = parse_query("demo/labels", LABELS)
    attack = 'en") || true || ("'
    assert list(rows(run(repo, query, {"lang": attack}))) == []


def test_rows_give_none_for_unbound(repo: EmbeddedRepo) -> None:
    result = repo.query("SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 UNDEF) } }")
    assert list(rows(result)) == [{"a": "1", "b": None}]
