"""Security headers on every response, and the HTML policy on pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.headers import CSP


def test_html_pages_carry_the_content_security_policy(client: TestClient) -> None:
    for path in ["/", "/sparql", "/id/state/kazakhstan"]:
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.headers["content-type"].startswith("text/html"), path
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"


def test_every_response_is_nosniff_but_only_pages_get_a_csp(client: TestClient) -> None:
    for response in [
        client.get("/sparql", params={"query": "ASK {}"}),
        client.get("/id/state/atlantis"),
        client.get("/static/query.js"),
    ]:
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "content-security-policy" not in response.headers


def test_policy_allows_only_own_scripts() -> None:
    assert "script-src 'self';" in CSP and "unsafe-eval" not in CSP
    assert "frame-ancestors 'none'" in CSP
