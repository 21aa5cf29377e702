"""What the year was worth, as people use it: the demo leader writes a value-creation story citing one
of their insights and their school's outcome (a bad save first keeps every word), includes it in the
cohort's report; the facilitator opens the report, prints it with Chromium to PDF (Letter and A4: the
page count and every section title checked in the PDF's text) and downloads the ZIP of CSVs (read with
zipfile and csv). axe passes on each page."""

from __future__ import annotations

import base64
import csv
import io
import re
import zipfile

from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support.ui import Select

from helpers import (
    FACILITATOR,
    LEADER,
    accessibility_report,
    axe_problems,
    button_by_text,
    http_session_of,
    main_text,
    sign_in,
    sign_out,
    structure_problems,
    wait_for,
    wait_until_stale,
)

TITLE = "Greeting at the door, and what it changed"
APPLIED = "I greeted every newcomer family myself for three weeks <and kept a tally>."

SECTIONS = [
    "The inquiry question and how it was reached",
    "Trust across the rounds",
    "The rhythm of meetings",
    "Learning between meetings",
    "The resources most used",
    "The community's stage of development",
    "Value-creation stories",
    "Student outcomes of the community schools",
]


def page_problems(browser) -> list[str]:
    return structure_problems(browser) + axe_problems(browser)


def submit(browser, text: str) -> None:
    button = button_by_text(browser, text)
    button.click()
    wait_until_stale(browser, button)


def pdf_text(browser, width: float, height: float) -> tuple[int, str]:
    options = PrintOptions()
    options.page_width = width
    options.page_height = height
    options.background = False
    reader = PdfReader(io.BytesIO(base64.b64decode(browser.print_page(options))))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def test_leader_writes_a_story_and_facilitator_prints_the_report(server, browser):
    found = {}
    sign_in(browser, server, LEADER)
    browser.get(server.url + "/my/community")
    browser.find_element(By.PARTIAL_LINK_TEXT, "What the year was worth").click()
    wait_for(browser, lambda b: "The value-creation matrix" in main_text(b))
    found["the value-creation matrix"] = page_problems(browser)
    community_url = browser.current_url
    browser.find_element(By.LINK_TEXT, "Write a value-creation story").click()
    wait_for(browser, lambda b: b.find_elements(By.ID, "title"))
    found["the story editor"] = page_problems(browser)

    # A bad save: a step ticked "hoped for" with nothing written. Every word stays, the problem is named.
    browser.find_element(By.ID, "title").send_keys(TITLE)
    browser.find_element(By.ID, "potential-hoped").click()
    Select(browser.find_element(By.ID, "startCycle")).select_by_index(0)
    browser.find_element(By.ID, "immediate").send_keys("A colleague told us how she greets families.")
    browser.find_element(By.ID, "applied").send_keys(APPLIED)
    insight = Select(browser.find_element(By.ID, "applied-evidence"))
    insight_label = next(o.text for o in insight.options if o.get_attribute("value").startswith("insight:"))
    insight.select_by_visible_text(insight_label)
    outcome = Select(browser.find_element(By.ID, "realized-evidence"))
    browser.find_element(By.ID, "realized").send_keys("ELA moved for the whole school.")
    outcome.select_by_visible_text("ELA met standard, All students")
    browser.find_element(By.ID, "reframing").send_keys("I hope to count who comes back, not who came.")
    browser.find_element(By.ID, "reframing-hoped").click()
    submit(browser, "Save the story")
    assert "say what you hope for, or untick" in main_text(browser)
    assert browser.find_element(By.ID, "title").get_attribute("value") == TITLE
    assert browser.find_element(By.ID, "applied").get_attribute("value") == APPLIED
    assert [o.text for o in Select(browser.find_element(By.ID, "applied-evidence")).all_selected_options] == [
        insight_label
    ]
    found["a story refused"] = page_problems(browser)

    browser.find_element(By.ID, "potential-hoped").click()
    browser.find_element(By.ID, "sharing-report").click()
    submit(browser, "Save the story")
    text = main_text(browser)
    assert "Your story is saved." in text and TITLE in text
    assert "An insight of the author's in cycle" in text
    assert re.search(r"Outcome: Harbor View Elementary, ELA met standard, All students, 2024-25 to 2025-26: ", text)
    assert "Reframing value" in text and "hoped for" in text
    assert APPLIED in text
    found["a story"] = page_problems(browser)
    browser.get(community_url)
    assert TITLE in main_text(browser)
    sign_out(browser)

    # The facilitator: from the cohort's page to its report.
    sign_in(browser, server, FACILITATOR)
    browser.find_element(By.LINK_TEXT, "Cohorts").click()
    browser.find_element(By.LINK_TEXT, "Bayview leaders' network").click()
    browser.find_element(By.LINK_TEXT, "End-of-year report").click()
    wait_for(browser, lambda b: "the year's report" in main_text(b))
    text = main_text(browser)
    for title in SECTIONS:
        assert title in text, title
    assert TITLE in text and APPLIED in text
    assert "Hoping to change how we read attendance" not in text, "shared with the community only"
    assert browser.find_elements(By.CSS_SELECTOR, ".report svg"), "charts are SVG"
    found["the cohort's report"] = page_problems(browser)

    for name, (width, height) in {"Letter": (21.59, 27.94), "A4": (21.0, 29.7)}.items():
        pages, pdf = pdf_text(browser, width, height)
        assert pages >= len(SECTIONS), f"{name}: each section starts a page ({pages} pages)"
        for title in SECTIONS:
            assert title in pdf, f"{name}: {title!r} is in the PDF"
        assert TITLE in pdf
        assert "Sign out" not in pdf and "Skip to main content" not in pdf, "no navigation in print"

    # The ZIP: one CSV per table, readable by csv.
    session = http_session_of(browser)
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "ZIP of CSV files").get_attribute("href")
    response = session.get(link, timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    names = archive.namelist()
    for expected in ["board-buckets.csv", "vote.csv", "trust.csv", "meetings.csv", "cycles.csv", "stages.csv"]:
        assert expected in names, names
    cycles = list(csv.reader(io.StringIO(archive.read("cycles.csv").decode("utf-8"))))
    assert cycles[0] == ["Community", "Cycle", "Members", "Committed", "Tried", "Insights captured", "Debriefed"]
    assert len(cycles) > 4
    trust = list(csv.DictReader(io.StringIO(archive.read("trust.csv").decode("utf-8"))))
    assert any(row["Group"] == "The cohort" for row in trust)
    markdown = session.get(browser.find_element(By.PARTIAL_LINK_TEXT, "stories (Markdown)").get_attribute("href"))
    assert markdown.status_code == 200 and f"## {TITLE}" in markdown.text
    assert "\\<and kept a tally\\>" in markdown.text
    sign_out(browser)
    assert not any(found.values()), accessibility_report(found)
