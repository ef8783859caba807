"""The generated documents are up to date and cover every kind and every named query."""

from __future__ import annotations

from cica_graph.dictionary import data_dictionary, query_list, write_docs
from cica_graph.models import KINDS
from cica_graph.queries import discover


def test_generated_docs_are_up_to_date() -> None:
    assert write_docs(check=True) == [], "run `cica docs`"


def test_dictionary_lists_every_kind_and_field() -> None:
    text = data_dictionary()
    for kind in KINDS:
        assert f"## {kind.kind} (`data/{kind.file}`)" in text
        for name in kind.model_fields:
            assert f"| `{name}` |" in text


def test_query_list_names_every_query() -> None:
    text = query_list()
    for name in discover():
        assert f"| `{name}` |" in text
