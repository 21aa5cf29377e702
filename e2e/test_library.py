"""The library and a community's playlist, as people use them: a facilitator builds a playlist by
keyboard alone, a leader suggests a resource (with a file) and marks their progress, an oversized
upload is refused with a message, and the API answers what its document says."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from helpers import (
    FACILITATOR,
    LEADER,
    accessibility_report,
    api,
    axe_problems,
    button_by_text,
    fire_drag,
    main_text,
    make_token,
    sign_in,
    signed_in_session,
    structure_problems,
    wait_for,
    wait_until_stale,
)
from test_admin_flows import focused, press, tab_to

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
    b"4 0 obj << /Length 58 >>\nstream\nBT /F1 12 Tf 72 700 Td (Lunchroom seating and belonging) Tj ET\n"
    b"endstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def leaders_community(server) -> str:
    """The demo leader's community page, where /my/community sends them."""
    r = signed_in_session(server, LEADER).get(server.url + "/my/community", allow_redirects=False, timeout=15)
    location = r.headers.get("Location", "")
    assert re.fullmatch(r"/communities/[0-9a-f-]{36}", location), f"/my/community went to {location!r}"
    return location


def page_problems(browser) -> list[str]:
    return structure_problems(browser) + axe_problems(browser)


def test_facilitator_builds_a_playlist_by_keyboard(server, browser):
    community = leaders_community(server)
    sign_in(browser, server, FACILITATOR)
    browser.get(server.url + community + "/playlist")
    found = {"playlist, empty": page_problems(browser)}
    text = main_text(browser)
    assert "Recommended for this community" in text
    assert re.search(r"\d+ members? chose ", text), "recommendations give no reason naming members' challenges"

    # Search the library from the playlist page, by keyboard.
    tab_to(browser, lambda el: el.get_attribute("id") == "q", "the library search field")
    press(browser, "families", Keys.ENTER)
    wait_for(browser, lambda b: "q=families" in b.current_url)
    added = []
    for _ in range(2):
        tab_to(browser, lambda el: el.tag_name == "button" and (el.text or "").startswith("Add "), "an Add button")
        title = focused(browser).text.removeprefix("Add ")
        button = focused(browser)
        press(browser, Keys.ENTER)
        wait_until_stale(browser, button)
        added.append(title)
        browser.get(server.url + community + "/playlist?q=families")
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "ol.playlist h3")]
    assert titles == added, f"the playlist shows {titles}, expected {added}"

    # Move the second up with its own button, by keyboard.
    tab_to(browser, lambda el: el.tag_name == "button" and el.text == f"Move {added[1]} up", "the Move up button")
    button = focused(browser)
    press(browser, Keys.ENTER)
    wait_until_stale(browser, button)
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "ol.playlist h3")]
    assert titles == [added[1], added[0]], titles
    assert "0 of" in main_text(browser), "staff see how many marked each item done"

    # Drag the first onto the second: the list's own form moves it, by the items' ids.
    items = browser.find_elements(By.CSS_SELECTOR, "ol.playlist-editor > li[draggable='true']")
    fire_drag(browser, items[0], items[1])
    wait_until_stale(browser, items[0])
    wait_for(browser, lambda b: "done=changed" in b.current_url)
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "ol.playlist h3")]
    assert titles == [added[0], added[1]], titles
    found["playlist with two items"] = page_problems(browser)
    assert not any(found.values()), "accessibility problems:\n" + accessibility_report(found)


def test_leader_suggests_a_resource_and_marks_progress(server, browser, tmp_path):
    community = leaders_community(server)
    sign_in(browser, server, LEADER)
    found = {}

    # A suggestion with a problem keeps what was typed; then with a PDF it is kept as a suggestion.
    browser.get(server.url + "/library/new")
    browser.find_element(By.ID, "title").send_keys("Lunchroom seating")
    browser.find_element(By.ID, "url").send_keys("javascript:alert(1)")
    button = button_by_text(browser, "Suggest it")
    button.click()
    wait_until_stale(browser, button)
    assert "Link: a link must start with http:// or https://" in main_text(browser)
    assert browser.find_element(By.ID, "title").get_attribute("value") == "Lunchroom seating"
    found["/library/new with a bad link"] = page_problems(browser)
    browser.find_element(By.ID, "url").clear()
    pdf = tmp_path / "lunchroom.pdf"
    pdf.write_bytes(PDF)
    browser.find_element(By.ID, "file").send_keys(str(pdf))
    button = button_by_text(browser, "Suggest it")
    button.click()
    wait_until_stale(browser, button)
    assert "Suggested by a member" in main_text(browser)
    download = browser.find_element(By.PARTIAL_LINK_TEXT, "Download lunchroom.pdf")
    session = signed_in_session(server, LEADER)
    r = session.get(download.get_attribute("href"), timeout=15)
    assert (r.status_code, r.headers["Content-Type"], r.content) == (200, "application/pdf", PDF)
    assert r.headers["Content-Disposition"].startswith("attachment")
    found["a suggested resource"] = page_problems(browser)

    # Search finds it by a word inside the PDF, for its author.
    browser.get(server.url + "/library?q=belonging")
    assert "Lunchroom seating" in main_text(browser)
    found["/library?q=belonging"] = page_problems(browser)

    # On the community's playlist (the facilitator's test above built it), mark the first item done.
    browser.get(server.url + community + "/playlist")
    items = browser.find_elements(By.CSS_SELECTOR, "ol.playlist > li")
    if not items:
        facilitator = signed_in_session(server, FACILITATOR)
        page = facilitator.get(server.url + community + "/playlist?q=trust", timeout=15).text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        resource = re.search(r'name="resource" value="([0-9a-f-]{36})"', page).group(1)
        facilitator.post(server.url + community + "/playlist", data={"csrf": csrf, "action": "add", "resource": resource},
                         timeout=15)
        browser.get(server.url + community + "/playlist")
        items = browser.find_elements(By.CSS_SELECTOR, "ol.playlist > li")
    first = items[0]
    first.find_element(By.CSS_SELECTOR, "input[type=radio][value=done]").click()
    button = first.find_element(By.XPATH, ".//button[normalize-space()='Save my progress']")
    button.click()
    wait_until_stale(browser, button)
    assert "Your progress is saved." in main_text(browser)
    first = browser.find_elements(By.CSS_SELECTOR, "ol.playlist > li")[0]
    assert first.find_element(By.CSS_SELECTOR, "input[type=radio][value=done]").is_selected()
    found["playlist as a member"] = page_problems(browser)
    assert not any(found.values()), "accessibility problems:\n" + accessibility_report(found)


def test_an_oversized_upload_is_refused_with_a_message(server):
    session = signed_in_session(server, FACILITATOR)
    form = session.get(server.url + "/library/new", timeout=15).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    big = b"%PDF-1.4\n" + b" " * (22 * 1024 * 1024)
    r = session.post(
        server.url + "/library/new",
        data={"csrf": csrf, "title": "Too big", "kind": "reading"},
        files={"file": ("big.pdf", big, "application/pdf")},
        allow_redirects=False, timeout=60,
    )
    assert r.status_code == 413, r.status_code
    assert "library files up to 20 MB" in r.text and "Nothing was saved" in r.text
    assert "Too big" not in session.get(server.url + "/library?q=too", timeout=15).text


def test_the_library_api_answers_as_documented(server, contract):
    token = make_token(server, FACILITATOR)
    found = contract.check(api(server, "/api/v1/resources?q=families", token), "/api/v1/resources")
    assert found["items"] and all("families" in item["matchedWords"] for item in found["items"][:1])
    resource = found["items"][0]["id"]
    contract.check(api(server, f"/api/v1/resources/{resource}", token), "/api/v1/resources/{id}")
    bad = api(server, "/api/v1/resources", token, method="POST", json={"title": "", "kind": "poem"})
    assert bad.status_code == 422
    contract.check(bad, "/api/v1/resources", method="POST")
    community = leaders_community(server).rsplit("/", 1)[1]
    contract.check(api(server, f"/api/v1/communities/{community}/playlist", token),
                   "/api/v1/communities/{id}/playlist")
    recommendations = contract.check(api(server, f"/api/v1/communities/{community}/recommendations", token),
                                     "/api/v1/communities/{id}/recommendations")
    assert recommendations["items"] and recommendations["items"][0]["reasons"]
