"""Percent-decoding at C speed gives what urllib gives, for every well-formed input; the
pairs are Starlette's query parameters, or None where they could differ."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote_to_bytes

from hypothesis import given, settings
from hypothesis import strategies as st

from api.urlencoded import BAD_ESCAPE, pairs, percent_decode

ESCAPE = st.integers(0, 255).map(lambda b: f"%{b:02x}" if b % 2 else f"%{b:02X}")
PLAIN = st.sampled_from([*"aZ09-_.~=&+;:/?#[]@!$'()*,\"<>{}| \t\r\n\\^`", "=3D", "=\n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(ESCAPE, PLAIN), max_size=40))
def test_the_same_bytes_as_urllib(parts: list[str]) -> None:
    encoded = "".join(parts).encode()
    assert BAD_ESCAPE.search(encoded) is None
    assert percent_decode(encoded) == unquote_to_bytes(encoded)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.text(max_size=30), max_size=4))
def test_pairs_are_starlette_s(params: dict[str, str]) -> None:
    encoded = "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items()).encode()
    expected = parse_qsl(encoded.decode("latin-1"), keep_blank_values=True)
    assert pairs(encoded) == tuple(expected)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40))
def test_pairs_never_differ_from_starlette_s(encoded: bytes) -> None:
    decoded = pairs(encoded)
    if decoded is not None:
        assert decoded == tuple(parse_qsl(encoded.decode("latin-1"), keep_blank_values=True))


def test_what_it_does_not_decode() -> None:
    assert pairs(b"query=%ZZ") is None  # a malformed escape
    assert pairs(b"query=%C3%28") is None  # not UTF-8
    assert pairs("query=é".encode()) is None  # not ASCII: Starlette reads it as Latin-1
    assert pairs(b"a=1&&b=&c") == (("a", "1"), ("b", ""), ("c", ""))
