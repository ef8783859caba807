"""Content negotiation: q-values, wildcards, refusals with q=0, order of preference."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.negotiation import FORMAT_ALIASES, GRAPH_TYPES, SELECT_TYPES, choose, parse_accept

TTL, JSONLD, NT = "text/turtle", "application/ld+json", "application/n-triples"
OFFERED = [TTL, JSONLD, NT]


def test_parse_accept_orders_by_q_then_position() -> None:
    assert parse_accept("a/b;q=0.5, c/d, e/f;q=bad, ,G/H;level=1;q=0.9") == [
        ("c/d", 1.0),
        ("g/h", 0.9),
        ("a/b", 0.5),
        ("e/f", 0.0),
    ]


@pytest.mark.parametrize(
    "accept,chosen",
    [
        (None, TTL),
        ("", TTL),
        ("  ", TTL),
        (JSONLD, JSONLD),
        ("application/n-triples; charset=utf-8", NT),
        (f"{TTL};q=0.2, {NT};q=0.9", NT),
        (f"{TTL};q=0.5, {JSONLD}", JSONLD),
        (f"{NT}, {JSONLD}", NT),  # equal q: the client's order
        ("application/*", JSONLD),
        ("*/*", TTL),
        (f"{TTL};q=0, */*", JSONLD),
        (f"{TTL};q=0, {JSONLD};q=0, */*;q=0.1", NT),
        ("image/png, text/html", None),
        ("*/*;q=0", None),
        (f"{TTL};q=0", None),
    ],
)
def test_choose(accept: str | None, chosen: str | None) -> None:
    assert choose(accept, OFFERED) == chosen


@pytest.mark.parametrize(
    "accept,chosen",
    [
        pytest.param(
            f"*/*;q=0.5, {TTL};q=0.1",
            JSONLD,
            id="specific-range-lowers-q",
        ),
        pytest.param(
            "text/*;q=0, */*",
            JSONLD,
            id="wildcard-refusal",
        ),
        pytest.param(
            f"{TTL};Q=0.1, {JSONLD};q=0.5",
            JSONLD,
            id="upper-case-q",
        ),
    ],
)
def test_most_specific_range_sets_the_quality(accept: str, chosen: str) -> None:
    assert choose(accept, OFFERED) == chosen


def test_format_aliases_name_served_types() -> None:
    served = set(SELECT_TYPES) | set(GRAPH_TYPES) | {"text/html"}
    assert set(FORMAT_ALIASES.values()) <= served
    # every served type has a short name for format=
    assert set(SELECT_TYPES.values()) <= set(FORMAT_ALIASES)
    assert set(GRAPH_TYPES.values()) <= set(FORMAT_ALIASES)


# --- properties ---------------------------------------------------------------------------

MEDIA = st.sampled_from(
    [TTL, JSONLD, NT, "text/html", "text/*", "application/*", "*/*", "image/png"]
)
Q = st.one_of(st.none(), st.sampled_from(["0", "0.1", "0.5", "1", "Q=0.3", "bad"]))


def header(ranges: list[tuple[str, str | None]]) -> str:
    parts = []
    for media, q in ranges:
        if q is None:
            parts.append(media)
        elif q.startswith("Q="):
            parts.append(f"{media};{q}")
        else:
            parts.append(f"{media};q={q}")
    return ", ".join(parts)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(ranges=st.lists(st.tuples(MEDIA, Q), max_size=5))
def test_choice_is_offered_and_never_refused(ranges: list[tuple[str, str | None]]) -> None:
    accept = header(ranges)
    chosen = choose(accept, OFFERED)
    assert chosen is None or chosen in OFFERED
    if chosen is not None and accept.strip():
        # the range that decides the chosen type's quality does not refuse it
        exact = [q for media, q in ranges if media == chosen]
        assert "0" not in exact[:1]


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(low=st.sampled_from(OFFERED), high=st.sampled_from(OFFERED))
def test_higher_q_wins(low: str, high: str) -> None:
    if low != high:
        assert choose(f"{low};q=0.2, {high};q=0.8", OFFERED) == high
        assert choose(f"{high};q=0.8, {low};q=0.2", OFFERED) == high


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(accept=st.text(max_size=60))
def test_garbage_headers_never_raise(accept: str) -> None:
    assert choose(accept, OFFERED) in (None, *OFFERED)
