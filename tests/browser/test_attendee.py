"""The attendee tools in Chromium, on a fixture site with timed agendas served under /conf/:
stars with the keyboard and a screen reader's announcements, "my agenda" (filter, share link,
removed sessions, the .ics download checked like the build's own calendars), now and next with
the clock set by Playwright (before, during, after, another time zone, a daylight-saving change),
and the offline worker (load, go offline, open every page the edition's list names)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import pathlib
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from icalendar import Calendar
from test_calendar import problems
from test_offline import worker_cache
from timed_site import make_timed_site

from .harness import SubPathHandler, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser


class Handler(SubPathHandler):
    """The fixture site under /conf/, noting the path of each request it answers."""

    prefix = "/conf/"
    asked: ClassVar[list[str]] = []

    def send_head(self) -> Any:
        self.asked.append(self.path.split("?", 1)[0])
        return super().send_head()


@pytest.fixture(scope="module")
def timed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, pathlib.Path]]:
    """The fixture site built and served over HTTP under /conf/: (its URL, its folder)."""
    site = make_timed_site(tmp_path_factory.mktemp("attendee") / "project")
    result = site.build()
    assert result.ok, [p.format() for p in result.errors]
    folder = site.root / "_site"
    with serving(folder, handler=Handler) as url:
        yield url, folder


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile for each test: its own localStorage, caches and workers."""
    made = browser.new_context(locale="en-GB", timezone_id="Europe/Bucharest", accept_downloads=True)
    yield made
    made.close()


def errors_of(page: Page) -> list[str]:
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("console", lambda message: message.type == "error" and found.append(message.text))
    return found


def stored(page: Page, edition: str = "/conf/2030-iasi") -> dict[str, str]:
    return json.loads(page.evaluate("key => localStorage.getItem(key) || '{}'", f"my-agenda:{edition}"))


def test_a_star_works_with_the_keyboard_and_is_announced(context: BrowserContext,
                                                         timed: tuple[str, pathlib.Path]) -> None:
    url, _ = timed
    page = context.new_page()
    errors = errors_of(page)
    page.goto(url + "ro/2030-iasi/agenda/")
    star = page.get_by_role("button", name="Agenda mea: Regiuni care învață")
    assert star.is_visible() and star.get_attribute("aria-pressed") == "false"
    star.focus()
    page.keyboard.press("Enter")
    assert star.get_attribute("aria-pressed") == "true"
    assert page.locator(".my-status").text_content() == "Adăugat în agenda mea: Regiuni care învață"
    assert stored(page) == {"2030-05-12-1000": "Regiuni care învață"}
    page.reload()  # kept across visits
    assert page.get_by_role("button", name="Agenda mea: Regiuni care învață").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Agenda mea: Regiuni care învață").focus()
    page.keyboard.press("Space")
    assert page.locator(".my-status").text_content() == "Scos din agenda mea: Regiuni care învață"
    assert stored(page) == {}
    assert errors == []


def test_my_agenda_filters_shares_and_keeps_removed_sessions(browser: Browser, context: BrowserContext,
                                                             timed: tuple[str, pathlib.Path]) -> None:
    url, _ = timed
    page = context.new_page()
    page.goto(url + "en/2030-iasi/agenda/")
    page.get_by_role("button", name="My agenda: Welcome").click()
    page.get_by_role("button", name="My agenda: Panel two").click()
    page.get_by_role("button", name="Show only my agenda").click()
    visible = page.locator("li.session:visible h3").all_text_contents()
    assert visible == ["Welcome", "Panel two"]
    page.get_by_role("button", name="Show only my agenda").click()
    assert len(page.locator("li.session:visible").all()) == 7
    share = page.locator(".my-share").get_attribute("href")
    assert share == "/conf/en/2030-iasi/agenda/#my=2030-05-12-0930,2030-05-13-0900-hall-2"

    # another device: the link asks first, then adds
    other = browser.new_context(locale="en-GB")
    try:
        there = other.new_page()
        there.goto(url.removesuffix("/conf/") + share)
        dialog = there.get_by_role("dialog", name="A shared agenda")
        assert dialog.is_visible()
        assert dialog.locator("li").all_text_contents() == ["Welcome", "Panel two"]
        assert stored(there) == {}  # nothing before the visitor agrees
        dialog.get_by_role("button", name="Add to my agenda").click()
        # the dialog's "close" event, which adds them, comes a moment after the click
        from playwright.sync_api import expect
        expect(there.get_by_role("button", name="My agenda: Panel two")).to_have_attribute("aria-pressed", "true")
        assert stored(there) == {"2030-05-12-0930": "Welcome", "2030-05-13-0900-hall-2": "Panel two"}
        assert "#my=" not in there.url
        # focus goes on to the box the dialog filled, not back to the top of the page
        assert there.evaluate("document.activeElement.id") == "my-agenda-title"
    finally:
        other.close()

    # a starred session that a new build no longer has is shown, not dropped
    page.evaluate("""() => localStorage.setItem('my-agenda:/conf/2030-iasi',
                     JSON.stringify({'2030-05-12-0930': 'Welcome', 'gone-session': 'A talk that was cancelled'}))""")
    page.reload()
    removed = page.locator(".my-removed")
    assert removed.is_visible()
    assert removed.locator("li").all_text_contents() == ["A talk that was cancelled (gone-session)"]
    page.get_by_role("button", name="Forget these sessions").click()
    assert stored(page) == {"2030-05-12-0930": "Welcome"} and not removed.is_visible()


def test_the_downloaded_calendar_has_exactly_the_starred_sessions(context: BrowserContext,
                                                                  timed: tuple[str, pathlib.Path]) -> None:
    url, folder = timed
    page = context.new_page()
    page.goto(url + "ro/2030-iasi/agenda/")
    for title in ("Regiuni care învață", "Masa de întâlniri", "Panelul doi"):
        page.get_by_role("button", name=f"Agenda mea: {title}").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Descărcați agenda mea (.ics)").click()
    download = info.value
    assert download.suggested_filename == "2030-iasi-my-agenda.ics"
    raw = pathlib.Path(download.path()).read_bytes()
    assert problems(raw) == []
    calendar = Calendar.from_ical(raw)
    assert str(calendar["X-WR-CALNAME"]) == "Agenda mea · Iași 2030"
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        f"2030-iasi-{key}@example.org" for key in ("2030-05-12-1000", "matchmaking-desk", "2030-05-13-0900-hall-2")]
    assert [z["TZID"] for z in calendar.walk("VTIMEZONE")] == ["Europe/Bucharest"]
    # each event exactly as the build wrote it for that session
    for event in calendar.walk("VEVENT"):
        key = str(event["UID"]).removeprefix("2030-iasi-").split("@")[0]
        built = Calendar.from_ical((folder / f"ro/2030-iasi/calendar/{key}.ics").read_bytes()).walk("VEVENT")[0]
        assert event.to_ical() == built.to_ical()


def test_without_javascript_there_are_no_stars(browser: Browser, timed: tuple[str, pathlib.Path]) -> None:
    url, _ = timed
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url + "en/2030-iasi/agenda/")
        assert page.locator("button.star").count() == 6
        assert not any(star.is_visible() for star in page.locator("button.star").all())
        assert not page.locator(".my-agenda").is_visible() and not page.locator(".now-next").is_visible()
        assert page.locator("li.session h3").first.is_visible()
    finally:
        context.close()


def now_next(browser: Browser, url: str, moment: dt.datetime, zone: str = "Europe/Bucharest") -> dict[str, str]:
    """What the now-and-next box says on the agenda and the home page at `moment`, for a visitor in `zone`."""
    context = browser.new_context(locale="en-GB", timezone_id=zone, service_workers="block")
    try:
        page = context.new_page()
        page.clock.install(time=moment)
        said = {}
        for name, path in (("agenda", "en/2030-iasi/agenda/"), ("home", "en/")):
            page.goto(url + path)
            box = page.locator(".now-next").first
            said[name + " now"] = box.locator(".now-what").inner_text()
            said[name + " next"] = box.locator(".next-what").inner_text()
        # the home page's second box: filled by the function the first box's script defined
        said["home second next"] = page.locator(".now-next").nth(1).locator(".next-what").inner_text()
        return said
    finally:
        context.close()


def test_now_and_next_before_during_and_after(browser: Browser, timed: tuple[str, pathlib.Path]) -> None:
    url, _ = timed
    before = now_next(browser, url, dt.datetime(2030, 5, 1, 12, tzinfo=dt.UTC))
    assert before["agenda now"] == before["home now"] == "Nothing is on right now."
    assert before["agenda next"].startswith("Welcome · 12 May 2030, 09:30–10:00 (UTC+03:00)")
    assert before["home second next"].startswith("Saturday opening · 26 October 2030, 09:00–10:00 (UTC+03:00)")
    during = now_next(browser, url, dt.datetime(2030, 5, 12, 6, 45, tzinfo=dt.UTC))  # 09:45 in Iași
    assert during["agenda now"].startswith("Welcome") and during["home now"].startswith("Welcome")
    assert during["agenda next"].startswith("Regions that learn")
    assert "your time" not in during["agenda now"]  # the visitor is in the venue's zone
    parallel = now_next(browser, url, dt.datetime(2030, 5, 13, 6, 10, tzinfo=dt.UTC))
    assert parallel["agenda now"].startswith("Panel one") and "; Panel two" in parallel["agenda now"]
    # at the venue, where each is: the sessions side by side say their rooms (here, their tracks' halls)
    assert "09:00–10:30 (UTC+03:00) · Hall 1; Panel two" in parallel["agenda now"]
    open_ended = now_next(browser, url, dt.datetime(2030, 5, 12, 9, 30, tzinfo=dt.UTC))  # 12:30: no end given
    assert open_ended["agenda now"].startswith("Matchmaking desk") and open_ended["agenda next"].startswith("Lunch")
    after = now_next(browser, url, dt.datetime(2030, 5, 14, 12, tzinfo=dt.UTC))
    assert (after["agenda now"], after["agenda next"]) == ("Nothing is on right now.", "Nothing more is planned.")


def test_now_and_next_for_a_visitor_in_another_time_zone(browser: Browser, timed: tuple[str, pathlib.Path]) -> None:
    url, _ = timed
    said = now_next(browser, url, dt.datetime(2030, 5, 12, 6, 45, tzinfo=dt.UTC), zone="America/New_York")
    assert said["agenda now"].startswith("Welcome · 12 May 2030, 09:30–10:00 (UTC+03:00)")
    assert "your time: Sun 02:30 UTC-04:00" in said["agenda now"]  # 06:30 UTC in New York (EDT)
    assert "your time: Sun 03:00 UTC-04:00" in said["agenda next"]


def test_now_and_next_across_a_daylight_saving_change(browser: Browser, timed: tuple[str, pathlib.Path]) -> None:
    url, _ = timed

    def on(moment: dt.datetime) -> tuple[str, str]:
        context = browser.new_context(locale="en-GB", timezone_id="Asia/Tokyo", service_workers="block")
        try:
            page = context.new_page()
            page.clock.install(time=moment)
            page.goto(url + "en/2030-bucharest-autumn/agenda/")
            return page.locator(".now-what").inner_text(), page.locator(".next-what").inner_text()
        finally:
            context.close()

    # Saturday 09:00 is 06:00 UTC (summer time); Sunday 09:00 is 07:00 UTC (winter time)
    assert on(dt.datetime(2030, 10, 26, 6, 30, tzinfo=dt.UTC))[0].startswith("Saturday opening")
    now, following = on(dt.datetime(2030, 10, 27, 6, 30, tzinfo=dt.UTC))  # 08:30 in Bucharest on Sunday
    assert now == "Nothing is on right now." and following.startswith("Sunday closing")
    assert "your time: Sun 16:00 UTC+09:00" in following
    assert on(dt.datetime(2030, 10, 27, 7, 15, tzinfo=dt.UTC))[0].startswith("Sunday closing")


def test_offline_the_edition_pages_and_my_agenda_still_open(context: BrowserContext,
                                                            timed: tuple[str, pathlib.Path]) -> None:
    url, folder = timed
    page = context.new_page()
    errors = errors_of(page)
    page.goto(url + "en/2030-iasi/agenda/")
    page.wait_for_function("document.documentElement.dataset.offline === 'ready'", timeout=15000)
    page.get_by_role("button", name="My agenda: Lunch").click()
    listed = json.loads((folder / "en/2030-iasi/offline.json").read_text())["urls"]
    pages = [path for path in listed if path.endswith("/")]
    assert "/conf/en/2030-iasi/agenda/" in pages
    origin = url.removesuffix("/conf/")
    context.set_offline(True)
    try:
        for path in pages:
            response = page.goto(origin + path)
            assert response is not None and response.ok, path
            assert page.locator("h1").first.is_visible(), path
        page.goto(url + "en/2030-iasi/agenda/")
        assert page.get_by_role("button", name="My agenda: Lunch").get_attribute("aria-pressed") == "true"
        page.get_by_role("button", name="Show only my agenda").click()
        assert page.locator("li.session:visible h3").all_text_contents() == ["Lunch"]
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"  # the stylesheet
        with page.expect_download() as info:
            page.get_by_role("button", name="Download my agenda (.ics)").click()
        raw = pathlib.Path(info.value.path()).read_bytes()
        assert problems(raw) == [] and len(Calendar.from_ical(raw).walk("VEVENT")) == 1
    finally:
        context.set_offline(False)
    assert errors == []


def test_offline_a_page_never_kept_gives_the_offline_page_of_its_language(context: BrowserContext,
                                                                        timed: tuple[str, pathlib.Path]) -> None:
    """Without a connection, a page the worker never kept is answered with the offline page in the
    language of its address (the browser's own error page before), which marks the editions kept."""
    url, _ = timed
    page = context.new_page()
    page.goto(url + "en/2030-iasi/agenda/")
    page.wait_for_function("document.documentElement.dataset.offline === 'ready'", timeout=15000)
    context.set_offline(True)
    try:
        response = page.goto(url + "ro/2030-iasi/")  # never opened: Romanian
        assert response is not None and response.ok and page.url == url + "ro/2030-iasi/"
        assert page.locator("h1").inner_text() == "Fără conexiune la internet"
        assert page.evaluate("document.documentElement.lang") == "ro"
        page.wait_for_selector(".kept-editions[data-checked]")  # the script has looked in the caches
        assert page.locator(".kept-editions .badge:visible").count() == 0  # no Romanian page was kept
        page.goto(url + "en/")  # the home page was not opened either
        assert page.locator("h1").inner_text() == "You are offline"
        page.wait_for_selector(".kept-editions[data-checked]")
        kept = page.locator(".kept-editions li").filter(has=page.locator(".badge:visible"))
        assert kept.locator("a").all_text_contents() == ["Iași 2030"]
        page.goto(url + "nowhere/at-all/")  # no language in the address: the site's default one
        assert page.locator("h1").inner_text() == "You are offline"
    finally:
        context.set_offline(False)
    page.get_by_role("link", name="Try again").click()  # back online: the page asked for
    page.wait_for_url(url + "nowhere/at-all/")
    assert page.locator("h1").first.inner_text() != "You are offline"


def test_a_worker_for_new_content_keeps_the_last_copy_until_its_own_is_whole(browser: Browser,
                                                                              tmp_path: pathlib.Path) -> None:
    """A new build's worker deleted the older caches as it took over, before it had kept anything
    itself: a phone that met it on a short connection at the venue, on a page that keeps no list,
    had no programme offline. It now keeps them until it has kept an edition's list whole."""
    site = make_timed_site(tmp_path / "project")
    assert site.build().ok
    folder = site.root / "_site"
    with serving(folder, handler=Handler) as url, \
            contextlib.closing(browser.new_context(locale="en-GB", timezone_id="Europe/Bucharest")) as context:
        page = context.new_page()
        page.goto(url + "en/2030-iasi/agenda/")
        page.wait_for_function("document.documentElement.dataset.offline === 'ready'", timeout=15000)
        old_cache = worker_cache(folder)
        # the browser's own look for a new worker after that visit, done before the rebuild: one that
        # met the rebuild's swap of folders (a moment without sw.js) would drop the registration
        page.evaluate("navigator.serviceWorker.getRegistration().then(worker => worker.update())")
        edition = site.root / "content/editions/2030-iasi/edition.yaml"
        edition.write_text(edition.read_text(encoding="utf-8").replace("Panel two", "Panel 2"), encoding="utf-8")
        script = site.root / "templates/assets/local-time.js"
        script.write_text(script.read_text(encoding="utf-8") + "/* the new build's */\n", encoding="utf-8")
        assert site.build().ok
        new_cache = "confsite:/conf/:" + worker_cache(folder)
        page.goto(url + "en/")  # a page that keeps no list
        took_over = """async name => {
            const worker = await navigator.serviceWorker.getRegistration();
            return Boolean(worker && worker.active && !worker.installing && !worker.waiting
                           && (await caches.keys()).includes(name));
        }"""
        # the browser looks for a new worker on its own after navigations, in its own time: ask now
        for attempt in range(300):  # (wait_for_function takes a promise for a true value)
            if attempt % 20 == 0:
                page.evaluate("navigator.serviceWorker.getRegistration().then(worker => worker.update())"
                              ".catch(() => null)")
            if page.evaluate(took_over, new_cache):
                break
            page.wait_for_timeout(100)
        assert sorted(page.evaluate("caches.keys()")) == sorted([new_cache, "confsite:/conf/:" + old_cache])
        # online, the new pages get the new scripts, not the ones the older cache holds
        assert "the new build's" in page.evaluate("fetch('/conf/assets/local-time.js').then(answer => answer.text())")
        context.set_offline(True)
        try:
            response = page.goto(url + "en/2030-iasi/agenda/")
            assert response is not None and response.ok
            assert "Panel two" in page.locator("main").inner_text()  # the copy kept before
        finally:
            context.set_offline(False)
        page.goto(url + "en/2030-iasi/agenda/")
        page.wait_for_function("document.documentElement.dataset.offline === 'ready'", timeout=15000)
        assert "Panel 2" in page.locator("main").inner_text()
        assert page.evaluate("caches.keys()") == [new_cache]  # its own copy is whole: the old one goes


class SlowHandler(Handler):
    """The fixture site, with the pages in `slow` answered only after a long wait: venue Wi-Fi."""

    slow: ClassVar[set[str]] = set()

    def send_head(self) -> Any:
        if self.path.split("?", 1)[0] in self.slow:
            time.sleep(12)
        return super().send_head()


def test_a_kept_page_opens_from_the_cache_when_the_network_is_too_slow(browser: Browser,
                                                                        timed: tuple[str, pathlib.Path]) -> None:
    """On venue Wi-Fi a request may hang rather than fail: the worker waited for it as long as the
    browser would, and a visitor with the agenda kept saw a blank page. It now answers from the
    cache after a few seconds."""
    _, folder = timed
    with serving(folder, handler=SlowHandler) as url, \
            contextlib.closing(browser.new_context(locale="en-GB", timezone_id="Europe/Bucharest")) as context:
        page = context.new_page()
        page.goto(url + "en/2030-iasi/agenda/")
        page.wait_for_function("document.documentElement.dataset.offline === 'ready'", timeout=15000)
        SlowHandler.slow.add("/conf/en/2030-iasi/agenda/")
        started = time.monotonic()
        response = page.goto(url + "en/2030-iasi/agenda/", timeout=10000)
        assert response is not None and response.ok and time.monotonic() - started < 10
        assert "Panel two" in page.locator("main").inner_text()


def test_the_offline_list_is_kept_once_not_on_every_page(context: BrowserContext,
                                                         timed: tuple[str, pathlib.Path]) -> None:
    """Every page of an edition asks the worker for its list. Once the list is kept whole, a page
    that asks again costs no request: at the venue, each page view would fetch the list and revalidate
    every file on it."""
    url, folder = timed
    page = context.new_page()
    page.goto(url + "en/2030-iasi/")
    page.wait_for_function("document.documentElement.dataset.offline === 'ready'", timeout=15000)
    listed = set(json.loads((folder / "en/2030-iasi/offline.json").read_text())["urls"])
    before = len(Handler.asked)
    page.goto(url + "en/2030-iasi/agenda/")
    page.wait_for_function("document.documentElement.dataset.offline === 'ready'", timeout=15000)
    asked = Handler.asked[before:]
    # the page itself may be asked for (from the network first) or come from the browser's own cache;
    # the old worker asked for the list again each time, with no-cache, and for every file on it
    assert "/conf/en/2030-iasi/offline.json" not in asked and set(asked) & listed <= {"/conf/en/2030-iasi/agenda/"}


def test_the_tools_pass_the_accessibility_audit(context: BrowserContext, timed: tuple[str, pathlib.Path],
                                                axe_source: str) -> None:
    url, _ = timed
    page = context.new_page()
    page.clock.install(time=dt.datetime(2030, 5, 12, 6, 45, tzinfo=dt.UTC))
    found = []
    for path in ("ro/2030-iasi/agenda/", "en/"):
        page.goto(url + path)
        if path.endswith("agenda/"):
            page.get_by_role("button", name="Agenda mea: Bun venit").click()
        page.add_script_tag(content=axe_source)
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        found += [f"{path}: {v['id']}: {n['html'][:80]}" for v in result["violations"] for n in v["nodes"]]
    assert found == []
