"""Accessibility: axe-core (from npm) finds no serious or critical problem on key pages."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page):
    # Evaluated through the browser's debugging protocol, which the page's Content-Security-Policy
    # does not govern; an injected <script> would be refused like any inline script.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_login_page_is_accessible(page, live_server, demo):
    page.goto(live_server.url + "/accounts/login/")
    assert serious_violations(page) == []


@pytest.mark.parametrize("username", ["vutdkt", "gialai"])
def test_home_and_profile_are_accessible(login, live_server, demo, username):
    page = login(username)
    assert serious_violations(page) == []
    page.goto(live_server.url + "/accounts/profile/")
    assert serious_violations(page) == []
