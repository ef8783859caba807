"""Named queries: headers parse, parameters bind as typed values, bad values are refused, and
every named SELECT projects its parameters (pyoxigraph binds only projected variables)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from cica_graph.queries import ParameterError, bind, discover, parse_query

QUERIES = discover()


def test_every_query_has_a_summary_and_tags() -> None:
    assert len(QUERIES) >= 50
    for name, query in QUERIES.items():
        assert query.summary, name
        assert query.tags, name


@pytest.mark.parametrize(
    "name", sorted(n for n, q in QUERIES.items() if q.params and q.form == "SELECT")
)
def test_select_projects_its_parameters(name: str) -> None:
    query = QUERIES[name]
    head = re.split(r"\bWHERE\b", query.text.split("SELECT", 1)[1], maxsplit=1)[0]
    for param in query.params:
        assert f"?{param.name}" in head, f"{name}: parameter ?{param.name} is not projected"


def test_bind_types() -> None:
    query = parse_query(
        "x",
        "#+ summary: s\n#+ param: a (iri, default state/kuwait): A\n#+ param: n (integer): N\n"
        "#+ param: d (date, default 2024-01-02): D\n#+ param: y (year, default 2019): Y\nSELECT ?a ?n ?d ?y {}",
    )
    bound = bind(query, {"n": "3"})
    assert bound["a"] == ox.NamedNode("https://w3id.org/cica/id/state/kuwait")
    assert bound["n"].datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    assert bound["d"].value == "2024-01-02" and bound["y"].value == "2019"


@pytest.mark.parametrize(
    "values,message",
    [
        ({}, "required"),
        ({"n": "three"}, "not a valid integer"),
        ({"n": "1", "zz": "1"}, "unknown parameter"),
    ],
)
def test_bad_parameters_are_refused(values: dict[str, str], message: str) -> None:
    query = parse_query("x", "#+ summary: s\n#+ param: n (integer): N\nSELECT ?n {}")
    with pytest.raises(ParameterError, match=message):
        bind(query, values)


def test_injection_stays_a_value() -> None:
    query = parse_query("x", "#+ summary: s\n#+ param: t (string): T\nSELECT ?t {}")
    bound = bind(query, {"t": '" } ; DROP ALL ; { "'})
    assert bound["t"].value == '" } ; DROP ALL ; { "'


def test_bad_headers_are_refused() -> None:
    with pytest.raises(ValueError, match="summary"):
        parse_query("x", "SELECT * {}")
    with pytest.raises(ValueError, match="bad param"):
        parse_query("x", "#+ summary: s\n#+ param: n (float): N\nSELECT ?n {}")
