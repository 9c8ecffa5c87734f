"""The reader in a real browser (Playwright driving Debian's Chromium; no browser download):
home → search a speaker → the article → a quote's tooltip → the person's chart, and the article
whose text carries script markup runs none of it; every page passes axe-core's accessibility
rules (contrast, labels, landmarks, names) at desktop and phone width. Screenshots go to
build/screenshots/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from saidwhat.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
TIMEOUT_MS = 15_000
VARGA_PAGE = "/people/varga%7Cines"

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    """The real server (uvicorn) on a free loopback port, in a thread, over the fixture store."""
    port = free_port()
    app = create_app(store_path, allowed_hosts=["127.0.0.1"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1100, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def shoot(page: object, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)  # type: ignore[attr-defined]


def tooltip(page: object, selector: str) -> str:
    """The text of a statement's tooltip as drawn: its ::after box, 'none' when not shown."""
    script = (
        "m => { const s = getComputedStyle(m, '::after'); return s.display === 'none' ? 'none' : s.content; }"
    )
    return str(page.eval_on_selector(selector, script))  # type: ignore[attr-defined]


def test_home_search_article_tooltip_person(page: object, base_url: str) -> None:
    p = page
    p.goto(base_url + "/")  # type: ignore[attr-defined]
    assert p.locator("h1").inner_text() == "Who said what"  # type: ignore[attr-defined]
    shoot(p, "home")
    p.click("nav >> text=Search")  # type: ignore[attr-defined]
    p.fill("#speaker", "Reddy")  # type: ignore[attr-defined]
    p.fill("#q", "cut winter timetable")  # type: ignore[attr-defined]
    p.click("form.search button[type=submit]")  # type: ignore[attr-defined]
    p.wait_for_url("**/search?speaker=Reddy&q=cut+winter+timetable*")  # type: ignore[attr-defined]
    shoot(p, "search")
    link = p.locator("ol.hits a[href^='/articles/']").first  # type: ignore[attr-defined]
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    p.wait_for_load_state()  # type: ignore[attr-defined]
    mark = f"mark#{anchor}"
    assert p.evaluate("document.activeElement.id") == anchor  # type: ignore[attr-defined]  # the link's target
    assert "by Colm Reddy" in tooltip(p, mark)  # so its tooltip shows on arrival
    p.evaluate("document.activeElement.blur()")  # type: ignore[attr-defined]
    p.mouse.move(0, 0)  # type: ignore[attr-defined]
    assert tooltip(p, mark) == "none"  # hidden until hovered or focused
    p.hover(mark)  # type: ignore[attr-defined]
    shown = tooltip(p, mark)
    assert "by Colm Reddy" in shown and "cue: said" in shown and "date: 2024-03-04" in shown
    shoot(p, "article")
    p.mouse.move(0, 0)  # type: ignore[attr-defined]
    assert tooltip(p, mark) == "none"
    p.focus(mark)  # type: ignore[attr-defined]
    assert "by Colm Reddy" in tooltip(p, mark)
    p.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert tooltip(p, mark) == "none"  # app.js: Escape dismisses it
    p.click("aside.side >> text=Colm Reddy")  # type: ignore[attr-defined]
    p.wait_for_url("**/people/reddy%7Ccolm")  # type: ignore[attr-defined]
    chart = p.locator("svg.timeline")  # type: ignore[attr-defined]
    assert chart.is_visible() and chart.locator("rect").count() >= 1
    assert "Statements by Colm Reddy per week" in chart.locator("title").first.text_content()
    shoot(p, "person-reddy")
    p.click("aside.side >> text=Ines Varga")  # type: ignore[attr-defined]
    p.wait_for_url("**/people/varga%7Cines")  # type: ignore[attr-defined]
    p.hover("svg.timeline rect >> nth=2")  # type: ignore[attr-defined]
    shoot(p, "person", full_page=False)
    assert p.problems == []  # type: ignore[attr-defined]


def test_quotes_are_reached_with_the_keyboard(page: object, base_url: str) -> None:
    page.goto(base_url + "/search?q=loud+clear")  # type: ignore[attr-defined]
    page.click("ol.hits a[href^='/articles/']")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    page.focus("body")  # type: ignore[attr-defined]
    for _ in range(30):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.matches('mark.q')"):  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("no statement took the focus in 30 presses of Tab")
    described = page.evaluate(  # type: ignore[attr-defined]
        "document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent"
    )
    assert "by Ines Varga" in described
    assert "by Ines Varga" in str(
        page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    )  # type: ignore[attr-defined]


def test_script_markup_in_an_article_never_runs(page: object, base_url: str) -> None:
    page.goto(base_url + "/search?speaker=Wren")  # type: ignore[attr-defined]
    assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore[attr-defined]
    page.click("ol.hits a[href^='/articles/']")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert "<script>window.__pwned=1</script>" in page.inner_text("article")  # type: ignore[attr-defined]
    page.hover("mark.q-mixed[tabindex]")  # type: ignore[attr-defined]
    assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore[attr-defined]
    assert page.locator("article img").count() == 0  # type: ignore[attr-defined]
    shoot(page, "xss-article")
    assert page.problems == []  # type: ignore[attr-defined]


def test_pages_fit_a_phone(page: object, base_url: str) -> None:
    page.set_viewport_size({"width": 375, "height": 740})  # type: ignore[attr-defined]
    for path in ("/", "/search?speaker=Varga", "/people/varga%7Cines", "/analyze"):
        page.goto(base_url + path)  # type: ignore[attr-defined]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at phone width"
    page.goto(base_url + "/search?q=loud+clear")  # type: ignore[attr-defined]
    page.click("ol.hits a[href^='/articles/']")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0  # type: ignore[attr-defined]
    shoot(page, "article-phone")


# Every date on these pages, in a <time> or in plain text: one line box each, never broken at a hyphen.
_WRAPPED_DATES = r"""() => {
  const wrapped = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const found of node.textContent.matchAll(/\d{4}-\d\d-\d\d/g)) {
      const range = document.createRange();
      range.setStart(node, found.index);
      range.setEnd(node, found.index + found[0].length);
      const boxes = [...range.getClientRects()].filter((r) => r.width > 0);
      const tops = new Set(boxes.map((r) => Math.round(r.top)));
      if (tops.size > 1) wrapped.push(found[0]);
    }
  }
  return wrapped;
}"""
PHONE_DATE_PAGES = (
    "/",
    "/people",
    "/people?sort=last",
    "/search?speaker=Varga",
    "/search?q=harbour",
    VARGA_PAGE,
)


def test_no_date_wraps_at_phone_width(page: object, base_url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 740})  # type: ignore[attr-defined]
    seen = 0
    for path in PHONE_DATE_PAGES:
        page.goto(base_url + path)  # type: ignore[attr-defined]
        assert page.evaluate(_WRAPPED_DATES) == [], f"{path}: dates broken across lines"  # type: ignore[attr-defined]
        seen += page.locator("time").count()  # type: ignore[attr-defined]
    assert seen > 20
    shoot(page, "people-phone")


def test_the_check_for_wrapped_dates_finds_one(page: object, base_url: str) -> None:
    """The check above can fail: the people table's dates break without the stylesheet's nowrap."""
    page.set_viewport_size({"width": 320, "height": 740})  # type: ignore[attr-defined]
    page.goto(base_url + "/people")  # type: ignore[attr-defined]
    page.evaluate("document.querySelectorAll('time').forEach((t) => { t.style.whiteSpace = 'normal'; })")  # type: ignore[attr-defined]
    assert page.evaluate(_WRAPPED_DATES)  # type: ignore[attr-defined]


def test_search_facets_highlights_and_download_in_the_browser(page: object, base_url: str) -> None:
    page.goto(base_url + "/search?q=harbour")  # type: ignore[attr-defined]
    assert page.locator("ol.hits mark.match").count() > 0  # type: ignore[attr-defined]
    page.goto(base_url + "/search?type=direct")  # type: ignore[attr-defined]
    before = int(page.locator("p.total strong").inner_text().replace(",", ""))  # type: ignore[attr-defined]
    page.click("nav.facets >> text=Island Gazette")  # type: ignore[attr-defined]
    page.wait_for_url("**/search?type=direct&source=Island+Gazette")  # type: ignore[attr-defined]
    after = int(page.locator("p.total strong").inner_text().replace(",", ""))  # type: ignore[attr-defined]
    assert 0 < after < before
    shoot(page, "search-facets")
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.click("p.downloads >> text=CSV")  # type: ignore[attr-defined]
    lines = Path(download.value.path()).read_text("utf-8").splitlines()
    assert lines[0].startswith("qid,") and len(lines) - 1 >= after  # a statement's text may hold line breaks
    assert page.problems == []  # type: ignore[attr-defined]


def test_the_api_docs_work_offline_within_the_csp(page: object, base_url: str) -> None:
    outside: list[str] = []
    page.on("request", lambda request: request.url.startswith(base_url) or outside.append(request.url))  # type: ignore[attr-defined]
    page.goto(base_url + "/docs")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-path='/api/quotes']")  # type: ignore[attr-defined]
    page.click("[data-path='/api/overview']")  # type: ignore[attr-defined]
    page.click("button:has-text('Try it out')")  # type: ignore[attr-defined]
    page.click("button:has-text('Execute')")  # type: ignore[attr-defined]
    page.wait_for_selector(".live-responses-table .response-col_status")  # type: ignore[attr-defined]
    assert '"articles": 16' in page.locator(".live-responses-table").inner_text()  # type: ignore[attr-defined]
    shoot(page, "docs")
    assert outside == [] and page.problems == []  # type: ignore[attr-defined]


# /docs is Swagger UI's markup, which breaks two rules no stylesheet can mend (a copy button inside
# each operation's toggle; its headings' levels); static/docs.css mends its colours' contrast.
SWAGGER_UI_AXE: dict[str, object] = {
    "rules": {"nested-interactive": {"enabled": False}, "heading-order": {"enabled": False}}
}
AXE_PAGES = (
    "/",
    "/search?speaker=Varga",
    "/search?q=harbour&type=direct",
    "/search?since=bad",
    "/people",
    "/people?q=a&sort=name",
    "/people/varga%7Cines",
    "/analyze",
)


def accessibility_violations(
    page: object, paths: list[str], base_url: str, options: dict[str, object] | None = None
) -> dict[str, str]:
    """axe-core's report of each page that breaks one of its rules (axe-playwright-python bundles it)."""
    from axe_playwright_python.sync_playwright import Axe

    found = {}
    for path in paths:
        page.goto(base_url + path)  # type: ignore[attr-defined]
        if path == "/docs":
            page.wait_for_selector("[data-path='/api/quotes']")  # type: ignore[attr-defined]
        results = Axe().run(page, options=options)
        if results.violations_count:
            found[path] = results.generate_report()
    return found


@pytest.mark.parametrize("width", [1100, 375])
def test_pages_pass_the_axe_accessibility_rules(page: object, base_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})  # type: ignore[attr-defined]
    page.goto(base_url + "/search?q=loud+clear")  # type: ignore[attr-defined]
    link = page.get_attribute("ol.hits a[href^='/articles/']", "href")  # type: ignore[attr-defined]
    found = accessibility_violations(page, [*AXE_PAGES, link.split("#")[0]], base_url)
    found |= accessibility_violations(page, ["/docs"], base_url, SWAGGER_UI_AXE)
    assert not found, "\n".join(f"{path}: {report}" for path, report in found.items())


def test_the_accessibility_check_finds_what_it_checks(page: object, base_url: str) -> None:
    """The check above can fail: a search page with its labels taken away breaks axe's 'label' rule."""
    page.route(  # type: ignore[attr-defined]
        "**/search?speaker=Varga",
        lambda route: route.fulfill(response=(r := route.fetch()), body=r.text().replace("<label", "<span")),
    )
    found = accessibility_violations(page, ["/search?speaker=Varga"], base_url)
    assert "label" in found.get("/search?speaker=Varga", "")
