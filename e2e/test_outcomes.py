"""Student outcomes, as people use them: the admin imports a file (a bad one first: every problem named,
nothing imported), the facilitator reads the table, the groups and the charts, downloads the CSV, and
the API answers what its document says. axe passes on each page."""

from __future__ import annotations

import csv
import io

from selenium.webdriver.common.by import By

from helpers import (
    ADMIN,
    FACILITATOR,
    LEADER,
    accessibility_report,
    api,
    axe_problems,
    button_by_text,
    main_text,
    make_token,
    sign_in,
    sign_out,
    signed_in_session,
    structure_problems,
    wait_until_stale,
)


def page_problems(browser) -> list[str]:
    return structure_problems(browser) + axe_problems(browser)


def upload(browser, server, path, text: str) -> None:
    path.write_text(text)
    browser.get(server.url + "/outcomes/import")
    browser.find_element(By.ID, "file").send_keys(str(path))
    button = button_by_text(browser, "Check the file")
    button.click()
    wait_until_stale(browser, button)


def test_admin_imports_and_facilitator_reads(server, browser, tmp_path):
    found = {}
    sign_in(browser, server, ADMIN)
    bad = (
        "school,year,subgroup,measure,tested,met\n"
        "bv-001,2025-26,All students,Science met standard,120,48\n"
        "Nowhere Elementary,2025-26,All students,Science met standard,90,45\n"
        "bv-002,2025,All students,Science met standard,90,95\n"
    )
    upload(browser, server, tmp_path / "science.csv", bad)
    text = main_text(browser)
    assert "Nothing was imported" in text
    assert 'science.csv:3: school: "Nowhere Elementary" is not a school of the district' in text
    assert "science.csv:4: year:" in text and "science.csv:4: met: 95 is more than the 90 tested" in text
    found["an import refused"] = page_problems(browser)

    good = (
        "school,year,subgroup,measure,tested,met\n"
        "bv-001,2024-25,All students,Science met standard,120,48\n"
        "bv-001,2025-26,All students,Science met standard,120,60\n"
        "Cypress Grove Elementary,2024-25,All students,Science met standard,90,45\n"
        "Cypress Grove Elementary,2025-26,All students,Science met standard,90,46\n"
    )
    upload(browser, server, tmp_path / "science.csv", good)
    assert "Importing adds 4 counts and replaces 0." in main_text(browser)
    found["an import's preview"] = page_problems(browser)
    button = button_by_text(browser, "Import")
    button.click()
    wait_until_stale(browser, button)
    assert "Imported: 4 counts added, 0 replaced." in main_text(browser)

    # The facilitator reads the demo's ELA outcomes for African American students.
    sign_out(browser)
    sign_in(browser, server, FACILITATOR)
    query = "?measure=ELA%20met%20standard&subgroup=race%3A%20African%20American&before=2024-25&after=2025-26"
    browser.get(server.url + "/outcomes" + query)
    text = main_text(browser)
    assert "Hidden: fewer than 10 students tested in a year" in text
    assert "Hidden so that another hidden count cannot be worked out from the totals" in text
    assert "Small base: the relative change rests on few students" in text
    assert "Community schools gained" in text and "a comparison, not proof of cause" in text
    charts = browser.find_elements(By.CSS_SELECTOR, "main svg[role=img]")
    assert len(charts) == 2, "expected the groups' slope chart and the schools' changes"
    for chart in charts:
        assert chart.find_element(By.TAG_NAME, "title").get_attribute("textContent")
        assert chart.find_element(By.TAG_NAME, "desc").get_attribute("textContent")
    found["the outcomes table"] = page_problems(browser)

    # The download holds what the page shows: hidden cells blank with their reason.
    session = signed_in_session(server, FACILITATOR)
    r = session.get(server.url + "/outcomes/export.csv" + query, timeout=15)
    assert r.status_code == 200 and r.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    hidden = [row for row in rows[1:] if row[-1].startswith("Hidden")]
    assert hidden and all(cell == "" for row in hidden for cell in row[1:-1])
    assert any(row[0] == "Community schools" for row in rows)

    assert not any(found.values()), "accessibility problems:\n" + accessibility_report(found)


def test_outcomes_api_answers_what_its_document_says(server, contract):
    token = make_token(server, FACILITATOR)
    path = "/api/v1/outcomes?measure=ELA%20met%20standard&subgroup=All%20students&before=2024-25&after=2025-26"
    body = contract.check(api(server, path, token), "/api/v1/outcomes")
    assert body["minN"] == 10 and len(body["cells"]) == 15
    assert {g["group"] for g in body["groups"]} == {"community", "comparison", "district"}
    assert body["did"] and body["did"][0]["low"] < body["did"][0]["points"] < body["did"][0]["high"]
    leader = contract.check(api(server, path, make_token(server, LEADER)), "/api/v1/outcomes")
    assert len(leader["cells"]) == 1, "a leader reads only their own school's cells"
    bad = api(server, "/api/v1/outcomes?before=someday", token)
    assert bad.status_code == 422
    contract.check(bad, "/api/v1/outcomes")
