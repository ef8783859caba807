"""The row writers give the same text as the reference writer, for every kind of term."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cica_graph.results import _json_term, row_text, row_writer, write_solutions

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
TERMS = st.one_of(
    st.none(),
    st.from_regex(r"[A-Za-z0-9é/-]{0,8}(#[A-Za-z0-9]{0,4})?", fullmatch=True).map(
        lambda t: ox.NamedNode("http://x/" + t)
    ),
    st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,6}", fullmatch=True).map(ox.BlankNode),
    TEXT.map(ox.Literal),
    st.tuples(TEXT, st.sampled_from(["en", "ru", "kk", "en-GB"])).map(
        lambda t: ox.Literal(t[0], language=t[1])
    ),
    st.tuples(TEXT, st.sampled_from(["integer", "date", "string", "boolean"])).map(
        lambda t: ox.Literal(
            t[0], datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + t[1])
        )
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TERMS, TERMS), min_size=1, max_size=4))
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_row_writer_writes_what_row_text_writes(fmt: str, rows: list[tuple]) -> None:
    names = ["x", "y"]
    write = row_writer(names, fmt)
    for i, values in enumerate(rows):
        reference = row_text(names, dict(zip(names, values, strict=True)), fmt, i == 0)
        assert write(values, i == 0) == reference


def test_json_rows_parse_to_the_reference_terms() -> None:
    term = ox.Literal('quote " and \\ and \n', language="en")
    text = write_solutions(["x"], [{"x": term}], "json")
    assert json.loads(text)["results"]["bindings"][0]["x"] == _json_term(term)


def test_quoted_triples_fall_back_to_the_reference() -> None:
    triple = ox.Triple(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o"))
    write = row_writer(["t"], "json")
    assert write((triple,), True) == row_text(["t"], {"t": triple}, "json", True)
