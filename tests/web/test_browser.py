"""The review app driven as a person would: Playwright in Debian's headless Chromium.

Log in, open the inbox, review a report field by field (accept, correct the
date, add a missing victim), mark it reviewed, find it by search; and open a
hostile report on every page with nothing executing. Screenshots of each page
go to ``build/screenshots/`` (or ``WHODID_SCREENSHOTS``) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from whodid.config import Settings
from whodid.extract import Extractor
from whodid.ingest import ingest_bytes
from whodid.store.repository import Repository

REPORT = (
    "Two reporters detained in Tbilisi\n\n"
    "On 14 March 2025, police in Tbilisi, Georgia, detained the reporters Ilka Brenn "
    "and Tomas Oyelaran outside the courthouse and held them for six hours, their newspaper said. "
    "A photographer, Sade Mirek, was beaten by the officers when she tried to film the arrest.\n"
)
HOSTILE = (
    "<script>window.__pwned = 1; alert(1)</script> On 2 April 2023, police beat the activist "
    'Noor <img src=x onerror="window.__pwned = 2"> Haddad in Amman, Jordan. '
    '<a href="javascript:window.__pwned=3">more</a> <svg onload="window.__pwned=4"></svg>\n'
)
RETOLD = (
    "Georgia: reporters held for hours\n\n"
    "Police detained the journalists Ilka Bren and Tomas Oyelaran outside the court in Tbilisi "
    "on 14 March 2025 and released them six hours later.\n"
)
PASSWORD = "correct horse battery"
SHOTS = Path(
    os.environ.get("WHODID_SCREENSHOTS", Path(__file__).resolve().parents[2] / "build" / "screenshots")
)


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail("CI must run the browser tests: Debian's chromium is missing (make install adds it)")
    pytest.skip("no Chromium on this machine")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    import uvicorn

    from whodid.web.app import create_app

    home = tmp_path_factory.mktemp("web-home")
    repo = Repository.open(Settings(home=home, database_url=f"sqlite:///{home}/whodid.db"))
    repo.add_user("ana", PASSWORD, "reviewer")
    repo.add_user("pat", PASSWORD, "partner")
    extractor = Extractor()
    ids = {}
    for name, text in (("report", REPORT), ("hostile", HOSTILE), ("retold", RETOLD)):
        document = ingest_bytes(text.encode(), f"{name}.txt", media_type="text/plain")
        repo.add(document, extractor.extract(document))
        ids[name] = document.id
    repo.set_level(ids["report"], "public")  # the partner's one record
    from whodid.link.queue import fill

    fill(repo, "persons")  # the two tellings' reporters, queued for the link review page
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(repo, home=home), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    server.should_exit = True
    thread.join(timeout=10)
    repo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-background-networking"]
        )
        yield b
        b.close()


def _page(browser: object, base: str, user: str = "ana"):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1360, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    page.goto(base + "/")
    page.fill("#name", user)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_person_reviews_a_report_field_by_field(site: tuple[str, dict[str, str]], browser: object) -> None:
    base, ids = site
    page = _page(browser, base)
    _shot(page, "01-records")
    page.click("text=Review inbox")
    page.wait_for_url(base + "/review")
    _shot(page, "02-inbox")
    page.click(f"a[href='/review/{ids['report']}']")
    page.wait_for_selector("#source-text mark")
    _shot(page, "03-review")

    # accept an act with the keyboard: move to it, press "a"
    act = page.locator(".field[data-field^='act:']").first
    field_id = act.get_attribute("data-field")
    act.focus()
    page.keyboard.press("a")
    page.wait_for_selector(f".field.state-accepted[data-field='{field_id}']")

    # correct the date, with the words of the text that give it selected
    page.locator("#f-date details summary").click()
    page.fill("#value-date", "2025-03-15")
    page.locator("#f-date form.correct button[type=submit]").click()
    page.wait_for_selector("#f-date.state-corrected")
    assert "2025-03-15" in page.locator("#f-date .value").inner_text()

    # add the victim the extractor missed
    page.locator("details.add:has(#victim-name) summary").click()
    page.fill("#victim-name", "Sade Mirek")
    page.select_option("#victim-kind", "journalists")
    page.locator("details.add:has(#victim-name) button[type=submit]").click()
    page.wait_for_selector("text=Sade Mirek")
    _shot(page, "04-review-decided")

    page.click("#mark-reviewed")
    page.goto(f"{base}/review/{ids['report']}")
    assert "Reviewed by ana" in page.inner_text("main")

    page.goto(base + "/?q=Oyelaran")
    assert f"/records/{ids['report']}" in page.content()
    _shot(page, "05-search")
    page.click(f"a[href='/records/{ids['report']}']")
    page.wait_for_selector("text=Chain of custody")
    _shot(page, "05b-record")

    page.click("text=Map")
    page.wait_for_selector("svg path.land")
    _shot(page, "06-map")
    page.locator("a.cluster[aria-label*=Tbilisi]").click()
    page.wait_for_selector("#events")
    assert f"/records/{ids['report']}" in page.content()

    page.click("text=Dashboard")
    page.wait_for_selector("svg.timeline rect")
    _shot(page, "07-dashboard")
    page.locator("svg.hbars a[aria-label^='GEO']").click()
    page.wait_for_url("**/?country=GEO")
    assert f"/records/{ids['report']}" in page.content()


def test_a_hostile_report_runs_nothing_on_any_page(site: tuple[str, dict[str, str]], browser: object) -> None:
    base, ids = site
    page = _page(browser, base)
    for path in ("/", f"/records/{ids['hostile']}", "/review", f"/review/{ids['hostile']}", "/?q=Haddad"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        for link in page.locator("a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith("javascript:"), path
        assert page.evaluate("window.__pwned === undefined"), path
        assert "<script>window.__pwned" in page.inner_text("main") or path in ("/review",), path
    _shot(page, "08-hostile-search")


def test_a_partner_sees_the_report_redacted(site: tuple[str, dict[str, str]], browser: object) -> None:
    """A partner's record page names no reporter and no photographer, yet highlights still land."""
    base, ids = site
    page = _page(browser, base, "pat")
    assert ids["hostile"] not in page.content()  # internal: not even listed
    page.goto(f"{base}/records/{ids['report']}")
    page.wait_for_selector(".card.text mark")
    text = page.inner_text("body")
    for name in ("Ilka", "Brenn", "Tomas", "Oyelaran", "Sade", "Mirek"):
        assert name not in text, name
    assert "Person " in page.inner_text(".card.text")
    marked = [m.inner_text() for m in page.locator(".card.text mark").all()]
    assert any("Person " in m for m in marked)  # highlights still land, now around the pseudonyms
    _shot(page, "09-partner-record")
    refused = page.goto(f"{base}/records/{ids['hostile']}")
    assert refused is not None and refused.status == 404 and "Not found" in page.inner_text("h1")


def test_a_reviewer_links_two_tellings_of_one_arrest(
    site: tuple[str, dict[str, str]], browser: object
) -> None:
    base, _ = site
    page = _page(browser, base)
    page.click("text=Links")
    page.wait_for_url(base + "/links")
    _shot(page, "09-links")
    page.locator("a[href^='/links/']").first.click()
    page.wait_for_selector("#evidence")
    _shot(page, "10-link")
    evidence = page.inner_text("#evidence")
    assert "Oyelaran" in evidence or "Bren" in evidence
    page.click("text=Same — link them")
    page.wait_for_selector("text=accepted")
    page.click("text=Undo this decision")
    page.wait_for_selector("text=pending")
    assert page.evaluate("window.__pwned === undefined")
