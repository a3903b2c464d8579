"""The Content-Security-Policy breaks nothing: the portal's own CSS, fonts, scripts and htmx run under it."""

import pytest
from playwright.sync_api import expect

from clusters.models import Cluster

# Collected in the page before any script of the portal runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording CSP violations from events and from the console."""
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)

    def violations():
        found = page.evaluate("window.__cspViolations || []")
        return found + [text for text in console if "Content Security Policy" in text]

    page.csp_violations = violations
    return page


def _visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_pages_work_under_the_policy_as_staff(watched, live_server, demo, login, screenshot):
    page = watched
    login("vutdkt")
    cluster = Cluster.objects.order_by("pk").first()
    pages = [
        "/",
        "/reports/matrix/?q=Gia+Lai&kind=&province=",
        "/campaigns/?q=chuyển+đổi&status=active",
        f"/clusters/{cluster.pk}/",
        "/campaigns/new/",
        "/accounts/profile/",
    ]
    for path in pages:
        _visit(page, live_server.url + path)
        # The portal's stylesheets applied: Bootstrap's container has a width limit.
        assert page.evaluate("getComputedStyle(document.querySelector('.container-xl')).maxWidth") != "none"
        # Icon fonts (bootstrap-icons, from our own static files) loaded.
        assert page.evaluate("document.fonts.check('16px bootstrap-icons')")
        assert page.csp_violations() == [], path
    screenshot("csp-profile-form")

    # Bootstrap's JavaScript runs: the user menu opens.
    page.locator("#userMenu").click()
    expect(page.get_by_role("link", name="Hồ sơ của tôi")).to_be_visible()

    # htmx runs and swaps content with no inline style or eval.
    _visit(page, live_server.url + "/")
    assert page.evaluate("typeof htmx") == "object"
    page.evaluate(
        "htmx.ajax('GET', '/reports/matrix/?q=Gia+Lai', {target: '#main', select: '#main', swap: 'outerHTML'})"
    )
    expect(page.locator("#main")).to_contain_text("Sở TTTT Gia Lai")
    page.wait_for_load_state("networkidle")
    assert page.csp_violations() == []
    assert page.locator("head style").count() == 0
    screenshot("csp-htmx-swap")


@pytest.mark.browser
def test_an_inline_script_would_be_blocked(watched, live_server, demo, login):
    """The check above can fail: an injected inline script is refused and reported."""
    page = watched
    login("vutdkt")
    _visit(page, live_server.url + "/")
    page.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.__ran = true';"
        " document.body.appendChild(s);"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === true") is False
    assert any("script-src" in violation for violation in page.csp_violations())
