"""The rhythm (issue 4), as its people meet it.

- A facilitator schedules a series through the form (a bad time zone is named and nothing else is
  lost), builds and publishes the first meeting's agenda from the protocol library, moves one meeting
  and cancels another.
- A leader sees the meeting on their home page and its agenda, and subscribes to their calendar: the
  feed, parsed by the `icalendar` package, is checked event by event (UTC times across the daylight
  saving change, SEQUENCE after a move, STATUS:CANCELLED); a new address kills the old one.
- Shared notes take Markdown and nothing that runs.
- The API answers match the OpenAPI document; axe finds no serious problem on the pages.

Dates are computed from today, so the test means the same whenever it runs.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import requests
from icalendar import Calendar
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from helpers import (
    FACILITATOR,
    LEADER,
    accessibility_report,
    api,
    axe_problems,
    main_text,
    make_token,
    sign_in,
    sign_out,
    structure_problems,
    wait_for,
)

ZONE = "America/New_York"
TITLE = "Cohort gathering"


def last_thursdays(start: date, end: date) -> list[date]:
    days = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        last = max(
            d for d in (date(year, month, day) for day in range(1, calendar.monthrange(year, month)[1] + 1))
            if d.weekday() == 3
        )
        if start <= last <= end:
            days.append(last)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, ZoneInfo(ZONE)).astimezone(timezone.utc)


def short(day: date) -> str:
    """How pages write a day: "Thu 31 Dec 2026"."""
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')} {day.year}"


def fill(browser, field: str, value: str) -> None:
    element = browser.find_element(By.ID, field)
    element.clear()
    element.send_keys(value)


def click(browser, text: str) -> None:
    browser.find_element(By.XPATH, f"//button[normalize-space()='{text}']").click()


def cohort_id(server) -> str:
    return api(server, "/api/v1/cohorts", make_token(server, FACILITATOR)).json()["items"][0]["id"].lower()


def test_facilitator_schedules_the_leader_sees_it_and_subscribes(fresh_server, browser, second_browser, contract):
    srv = fresh_server()
    start, end = date.today() + timedelta(days=1), date.today() + timedelta(days=200)
    meetings = last_thursdays(start, end)
    first, moved, cancelled = meetings[0], meetings[1], meetings[3]
    moved_to = moved + timedelta(days=5)

    # The facilitator fills the form; a bad zone is named, the rest is kept.
    sign_in(browser, srv, FACILITATOR)
    browser.find_element(By.LINK_TEXT, "Meetings").click()
    wait_for(browser, lambda d: "Schedule a meeting series" in main_text(d))
    fill(browser, "title", TITLE)
    Select(browser.find_element(By.ID, "kind")).select_by_visible_text("Monthly")
    Select(browser.find_element(By.ID, "week")).select_by_visible_text("Last")
    Select(browser.find_element(By.ID, "weekday")).select_by_visible_text("Thursday")
    fill(browser, "startTime", "16:00")
    fill(browser, "endTime", "17:30")
    fill(browser, "startDay", start.isoformat())
    fill(browser, "endDay", end.isoformat())
    fill(browser, "timeZone", "Eastern")
    fill(browser, "location", "https://video.example/bayview")
    click(browser, "Schedule")
    wait_for(browser, lambda d: "Nothing was saved yet" in main_text(d))
    assert 'Time zone: "Eastern" is not a time zone' in main_text(browser)
    assert browser.find_element(By.ID, "title").get_attribute("value") == TITLE
    assert browser.find_element(By.ID, "endDay").get_attribute("value") == end.isoformat()
    assert Select(browser.find_element(By.ID, "week")).first_selected_option.text == "Last"
    fill(browser, "timeZone", ZONE)
    click(browser, "Schedule")
    wait_for(browser, lambda d: d.find_elements(By.TAG_NAME, "h1") and d.find_element(By.TAG_NAME, "h1").text == TITLE)
    assert "Last Thursday of each month, 16:00–17:30" in main_text(browser)
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert len(rows) == len(meetings)
    assert rows[0].startswith(f"{short(first)}, 16:00–17:30")
    series_url = browser.current_url

    # The first meeting's agenda, from the protocol library, published.
    browser.find_element(By.LINK_TEXT, f"{short(first)}, 16:00–17:30").click()
    Select(browser.find_element(By.ID, "protocol")).select_by_value("check-in")
    click(browser, "Add protocol")
    wait_for(browser, lambda d: "The agenda was saved." in main_text(d))
    fill(browser, "itemTitle", "Data dive: family survey")
    fill(browser, "itemMinutes", "85")
    click(browser, "Add item")
    wait_for(browser, lambda d: "Nothing was saved yet" in main_text(d))
    assert "Data dive: family survey" in main_text(browser) and "after the meeting ends at 17:30" in main_text(browser)
    fill(browser, "itemTitle", "Data dive: family survey")
    fill(browser, "itemMinutes", "30")
    click(browser, "Add item")
    wait_for(browser, lambda d: "The agenda was saved." in main_text(d))
    click(browser, "Publish the agenda")
    wait_for(browser, lambda d: "Take the agenda back to draft" in main_text(d))

    # Move the second meeting five days later; cancel the fourth.
    browser.get(f"{series_url}/{moved.isoformat()}")
    fill(browser, "movedDay", moved_to.isoformat())
    click(browser, "Move the meeting")
    wait_for(browser, lambda d: f"moved from {short(moved)}" in main_text(d))
    browser.get(f"{series_url}/{cancelled.isoformat()}")
    click(browser, "Cancel the meeting")
    wait_for(browser, lambda d: "Status: cancelled" in main_text(d))

    # The leader sees it coming up, with its agenda.
    sign_in(second_browser, srv, LEADER)
    link = second_browser.find_element(By.PARTIAL_LINK_TEXT, f"{short(first)}, 16:00–17:30 — {TITLE}")
    link.click()
    text = main_text(second_browser)
    assert "16:00–16:10 Check-in" in text and "16:10–16:40 Data dive: family survey" in text
    assert "https://video.example/bayview" in text

    # Through the API, matching the document.
    series_id = series_url.rstrip("/").split("/")[-1]
    token = make_token(srv, LEADER)
    detail = contract.check(
        api(srv, f"/api/v1/meeting-series/{series_id}/meetings/{first.isoformat()}", token),
        "/api/v1/meeting-series/{id}/meetings/{day}",
    )
    assert [i["startTime"] for i in detail["agenda"]["items"]] == ["16:00", "16:10"]
    listed = contract.check(
        api(srv, f"/api/v1/cohorts/{cohort_id(srv)}/meeting-series", token), "/api/v1/cohorts/{id}/meeting-series"
    )
    assert TITLE in [s["title"] for s in listed["items"]]

    # The calendar: subscribe from the account page, read it as a calendar app would.
    second_browser.find_element(By.CSS_SELECTOR, "header a.who").click()
    feed_url = second_browser.find_element(By.ID, "calendar-url").get_attribute("value")
    assert feed_url.startswith(srv.url + "/calendar/") and feed_url.endswith(".ics")
    me = contract.check(api(srv, "/api/v1/me", token), "/api/v1/me")
    assert me["calendarUrl"] == feed_url
    response = requests.get(feed_url, timeout=15)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.content)
    events = [e for e in feed.walk("VEVENT") if str(e["SUMMARY"]) == TITLE]
    assert len(events) == len(meetings)
    assert len({str(e["UID"]) for e in feed.walk("VEVENT")}) == len(feed.walk("VEVENT")), "UIDs are unique"
    by_uid = {str(e["UID"]).split("@")[0].rsplit("-", 1)[1]: e for e in events}
    for day in meetings:
        event = by_uid[day.strftime("%Y%m%d")]
        actual = moved_to if day == moved else day
        assert event.decoded("DTSTART") == utc(actual, time(16, 0)), day
        assert event.decoded("DTEND") == utc(actual, time(17, 30)), day
        assert str(event["LOCATION"]) == "https://video.example/bayview"
        assert int(event["SEQUENCE"]) == (1 if day in (moved, cancelled) else 0), day
        assert str(event["STATUS"]) == ("CANCELLED" if day == cancelled else "CONFIRMED"), day
    offsets = {utc(d, time(16, 0)).hour for d in meetings}
    if len(offsets) > 1:
        assert offsets == {20, 21}, "16:00 in New York is 21:00 UTC in winter and 20:00 in summer"

    # A new address: the old one is dead.
    second_browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Make a new address')]").click()
    wait_for(second_browser, lambda d: "The old one no longer works" in main_text(d))
    assert requests.get(feed_url, timeout=15).status_code == 404
    assert second_browser.find_element(By.ID, "calendar-url").get_attribute("value") != feed_url


def test_notes_take_markdown_and_nothing_that_runs(fresh_server, browser):
    srv = fresh_server()
    sign_in(browser, srv, LEADER)
    browser.find_element(By.LINK_TEXT, "Meetings").click()
    browser.find_element(By.CSS_SELECTOR, "main ul li a[href^='/meetings/']").click()
    meeting_url = browser.current_url
    note = (
        "**We agreed** to try *one* thing\n"
        "- call three families\n"
        "- <img src=x onerror=\"window.__pwned=1\">\n"
        "[agenda](javascript:window.__pwned=1) and [the guide](https://example.org/guide)\n"
        "<script>window.__pwned=1</script>"
    )
    browser.find_element(By.ID, "note").send_keys(note)
    click(browser, "Add note")
    wait_for(browser, lambda d: "Your note was added." in main_text(d))
    assert browser.current_url.startswith(meeting_url)
    notes = browser.find_element(By.CSS_SELECTOR, "article.note")
    assert notes.find_element(By.TAG_NAME, "strong").text == "We agreed"
    assert [li.text for li in notes.find_elements(By.TAG_NAME, "li")][0] == "call three families"
    assert not notes.find_elements(By.TAG_NAME, "img") and not notes.find_elements(By.TAG_NAME, "script")
    hrefs = [a.get_attribute("href") for a in notes.find_elements(By.TAG_NAME, "a")]
    assert hrefs == ["https://example.org/guide"]
    assert "<script>window.__pwned=1</script>" in notes.text, "shown as text"
    assert browser.execute_script("return window.__pwned === undefined;")


def test_rhythm_pages_are_accessible(server, browser):
    found: dict[str, list[str]] = {}
    sign_in(browser, server, FACILITATOR)
    browser.find_element(By.LINK_TEXT, "Meetings").click()
    found["meetings (facilitator)"] = axe_problems(browser) + structure_problems(browser)
    browser.find_element(By.CSS_SELECTOR, "main ul li a[href^='/meetings/']").click()
    found["meeting (facilitator)"] = axe_problems(browser) + structure_problems(browser)
    browser.find_element(By.PARTIAL_LINK_TEXT, "All meetings of").click()
    found["series"] = axe_problems(browser) + structure_problems(browser)
    sign_out(browser)
    sign_in(browser, server, LEADER)
    browser.find_element(By.CSS_SELECTOR, "header a.who").click()
    found["account"] = axe_problems(browser) + structure_problems(browser)
    assert not any(found.values()), accessibility_report(found)
