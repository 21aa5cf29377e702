"""The inquiry studio (issue 5): private stories, sharing, the peer's assumption check, "How might
we" questions, the dot vote and the adopted question, the live board, its history and downloads.

- A leader writes a story by keyboard; it is theirs alone (the facilitator and an admin get "not
  found", in the browser and through the API) until they share it with their community.
- A draft that does not begin "How might we" is refused with a helpful message and kept; the API
  answers 422 problem JSON, matching the OpenAPI document.
- The demo's adopted question shows on the community page and on its meetings' agendas.
- Two browsers on the root-cause board: a note added in one appears in the other without a reload.
- The board's history: the demo board as each of the last two meetings left it (written down, then
  sorted), stepped through change by change; the CSV and Markdown downloads hold the notes and no
  writer's name; a question linked to a board note shows that note; the board API agrees.
- axe finds no serious problem on the pages, the board and its history included.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from helpers import (
    ADMIN,
    FACILITATOR,
    LEADER,
    accessibility_report,
    api,
    axe_problems,
    http_session_of,
    main_text,
    make_token,
    sign_in,
    sign_out,
    structure_problems,
    wait_for,
)

STORY = "A father asked me, in Tagalog, where to sign his son up for the reading club. I could not answer him."


def test_a_story_is_private_until_its_author_shares_it(fresh_server, browser, second_browser, contract):
    srv = fresh_server()
    sign_in(browser, srv, LEADER)
    browser.find_element(By.LINK_TEXT, "Your stories").click()
    assert "Nobody else" in main_text(browser)
    # Keyboard only: type, Tab to the next box, type, Tab to the button, Enter.
    story = browser.find_element(By.ID, "story")
    story.send_keys(STORY)
    story.send_keys(Keys.TAB)
    browser.switch_to.active_element.send_keys("Someone who speaks Tagalog at the front desk on club sign-up days.")
    browser.switch_to.active_element.send_keys(Keys.TAB)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(browser, lambda d: "Kept. Only you can read it." in main_text(d))
    assert "Who can read this: only you" in main_text(browser)
    story_url = browser.current_url.split("?")[0]
    story_id = story_url.rstrip("/").split("/")[-1]

    for email in (FACILITATOR, ADMIN):
        sign_in(second_browser, srv, email)
        second_browser.get(story_url)
        assert second_browser.find_element(By.TAG_NAME, "h1").text in ("Not found", "Not Found"), email
        assert STORY not in second_browser.page_source
        r = api(srv, f"/api/v1/stories/{story_id}", make_token(srv, email))
        assert r.status_code == 404
        contract.check(r, "/api/v1/stories/{id}")
        sign_out(second_browser)

    # Sharing with the whole community asks first: the box says who will read it, and the browser
    # will not send the form without it.
    share = browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Share with')]")
    share.click()
    assert "Sharing changed." not in main_text(browser)
    browser.find_element(By.ID, "confirm").click()
    share.click()
    wait_for(browser, lambda d: "Sharing changed." in main_text(d))
    assert "the members of" in main_text(browser)
    sign_in(second_browser, srv, FACILITATOR)
    second_browser.get(story_url)
    assert STORY in main_text(second_browser), "shared with the community: its facilitators read it"
    mine = contract.check(api(srv, f"/api/v1/stories/{story_id}", make_token(srv, LEADER)), "/api/v1/stories/{id}")
    assert mine["story"] == STORY and mine["sharedCommunityId"]


def test_questions_must_begin_how_might_we_and_the_adopted_one_is_on_the_agenda(fresh_server, browser, contract):
    srv = fresh_server()
    sign_in(browser, srv, LEADER)
    browser.find_element(By.XPATH, "//h4[starts-with(normalize-space(), 'Your community:')]/a").click()
    adopted = browser.find_element(By.CSS_SELECTOR, "p.inquiry").text
    assert adopted.startswith("Our yearlong question: How might we")
    community_id = browser.current_url.split("?")[0].rstrip("/").split("/")[-1]
    browser.find_element(By.LINK_TEXT, "Our inquiry").click()
    text = browser.find_element(By.ID, "text")
    text.send_keys("We should call every family before the first day")
    browser.find_element(By.XPATH, "//button[normalize-space()='Add the question']").click()
    wait_for(browser, lambda d: "Nothing was saved yet" in main_text(d))
    assert "How might we" in browser.find_element(By.ID, "text-error").text
    assert browser.find_element(By.ID, "text").get_attribute("value") == "We should call every family before the first day"
    text = browser.find_element(By.ID, "text")
    text.clear()
    text.send_keys("how might we call every family before the first day")
    browser.find_element(By.XPATH, "//button[normalize-space()='Add the question']").click()
    wait_for(browser, lambda d: "Your question was added." in main_text(d))
    assert "How might we call every family before the first day?" in main_text(browser)

    token = make_token(srv, LEADER)
    r = api(srv, f"/api/v1/communities/{community_id}/questions", token, method="POST", json={"text": "Fix the front desk"})
    assert r.status_code == 422
    problem = contract.check(r, "/api/v1/communities/{id}/questions", "POST")
    assert problem["errors"][0]["field"] == "text"
    r = api(srv, f"/api/v1/communities/{community_id}/questions", token, method="POST",
            json={"text": "How might we greet families in their languages?"})
    assert r.status_code == 201
    contract.check(r, "/api/v1/communities/{id}/questions", "POST")
    listed = contract.check(api(srv, f"/api/v1/communities/{community_id}/questions", token), "/api/v1/communities/{id}/questions")
    assert listed["adoptedQuestionId"] and listed["vote"]["open"] is False
    assert all("votes" in q for q in listed["items"][:3]), "the demo's vote is closed: totals show"

    # The adopted question is on the community's meeting agendas.
    browser.get(srv.url + "/")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Monthly community meeting").click()
    assert f"Our inquiry: {adopted.removeprefix('Our yearlong question: ')}" in main_text(browser)


def test_inquiry_pages_are_accessible(server, browser):
    found: dict[str, list[str]] = {}
    sign_in(browser, server, LEADER)
    browser.find_element(By.LINK_TEXT, "Your stories").click()
    found["stories"] = axe_problems(browser) + structure_problems(browser)
    browser.find_element(By.CSS_SELECTOR, "main ul li a[href^='/stories/']").click()
    found["story"] = axe_problems(browser) + structure_problems(browser)
    browser.get(server.url + "/")
    browser.find_element(By.XPATH, "//h4[starts-with(normalize-space(), 'Your community:')]/a").click()
    browser.find_element(By.LINK_TEXT, "Our inquiry").click()
    found["inquiry"] = axe_problems(browser) + structure_problems(browser)
    browser.find_element(By.PARTIAL_LINK_TEXT, "The root-cause board").click()
    assert "Fear of looking biased stops us from naming bias" in main_text(browser), "the demo board is sorted"
    found["board"] = axe_problems(browser) + structure_problems(browser)
    browser.find_element(By.LINK_TEXT, "The board after each meeting").click()
    found["board history"] = axe_problems(browser) + structure_problems(browser)
    assert not any(found.values()), accessibility_report(found)


def test_the_board_history_downloads_and_questions_linked_to_notes(fresh_server, browser, contract):
    srv = fresh_server()
    sign_in(browser, srv, LEADER)
    browser.find_element(By.XPATH, "//h4[starts-with(normalize-space(), 'Your community:')]/a").click()
    community_id = browser.current_url.split("?")[0].rstrip("/").split("/")[-1]
    browser.find_element(By.LINK_TEXT, "Our inquiry").click()
    browser.find_element(By.PARTIAL_LINK_TEXT, "The root-cause board").click()
    browser.find_element(By.LINK_TEXT, "The board after each meeting").click()

    # Two meetings: the first wrote the causes down, the second sorted them.
    snapshots = browser.find_elements(By.CSS_SELECTOR, "ul.snapshots li")
    assert len(snapshots) == 2, [li.text for li in snapshots]
    assert "Resources 2, Knowledge 2, Skills 2, Dispositions 2, Not yet sorted 1" in snapshots[0].text, snapshots[0].text
    assert "Resources 0, Knowledge 0, Skills 0, Dispositions 0, Not yet sorted 9" in snapshots[1].text, snapshots[1].text
    first_meeting = snapshots[1].find_element(By.TAG_NAME, "a").text  # "Monthly …, Tue 8 Sep 2026, 15:30–17:00"
    day = first_meeting.split(", ")[1]
    snapshots[1].find_element(By.TAG_NAME, "a").click()
    replay = browser.find_element(By.ID, "replay")
    assert f"· {day}, 15:" in replay.text, f"the change is dated in its meeting: {replay.text}"
    assert "Change 9 of" in replay.text and "The board as Monthly community meeting" in replay.text
    unsorted = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='history-unsorted']")
    assert "(9)" in unsorted.find_element(By.TAG_NAME, "h3").text
    browser.find_element(By.LINK_TEXT, "Next change").click()
    moved = browser.find_element(By.ID, "replay").text
    assert "A note was moved to Resources: “No budget line for interpreters or translation”" in moved, moved
    browser.find_element(By.LINK_TEXT, "Before any notes").click()
    assert browser.find_element(By.ID, "replay-heading").text == "Before any notes"
    assert not browser.find_elements(By.CSS_SELECTOR, "#replay li.note")

    # The downloads: what the browser gets when the links are followed.
    browser.find_element(By.LINK_TEXT, "Back to the board").click()
    session = http_session_of(browser)
    csv_link = browser.find_element(By.LINK_TEXT, "CSV").get_attribute("href")
    r = session.get(csv_link)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.text.startswith("\ufeff"), "a byte-order mark, so Excel reads the file as UTF-8"
    lines = r.text.removeprefix("\ufeff").split("\r\n")
    assert lines[0] == "bucket,position,note"
    assert any(line.startswith("Dispositions,") and "Fear of looking biased" in line for line in lines)
    markdown = session.get(browser.find_element(By.LINK_TEXT, "Markdown").get_attribute("href")).text
    assert markdown.startswith("# Root causes: ") and "## Dispositions" in markdown
    assert "Leader" not in r.text + markdown, "no writer's name leaves the room"

    # A question linked to a note on the board shows it.
    browser.find_element(By.LINK_TEXT, "Our inquiry").click()
    note = browser.find_element(By.XPATH, "//fieldset[@id='notes']//label[contains(., 'Fear of looking biased')]")
    note.click()
    browser.find_element(By.ID, "text").send_keys("How might we name bias without shaming anyone")
    browser.find_element(By.XPATH, "//button[normalize-space()='Add the question']").click()
    wait_for(browser, lambda d: "Your question was added." in main_text(d))
    added = browser.find_element(
        By.XPATH, "//ol[@class='questions']/li[.//p[normalize-space()='How might we name bias without shaming anyone?']]"
    )
    assert "Grew from these notes on the board:" in added.text and "Fear of looking biased" in added.text
    assert session.get(f"{srv.url}/communities/{community_id}/inquiry/export").text.startswith(
        "\ufeffquestion,dots,buckets,adopted"
    )

    # The API agrees: the board, its snapshots, and the question's note ids.
    token = make_token(srv, LEADER)
    board = contract.check(api(srv, f"/api/v1/communities/{community_id}/board", token), "/api/v1/communities/{id}/board")
    fear = next(n for n in board["notes"] if "Fear of looking biased" in (n.get("text") or ""))
    assert fear["bucket"] == "dispositions"
    snaps = contract.check(
        api(srv, f"/api/v1/communities/{community_id}/board/snapshots", token), "/api/v1/communities/{id}/board/snapshots"
    )
    assert len(snaps["items"]) == 2
    questions = contract.check(
        api(srv, f"/api/v1/communities/{community_id}/questions", token), "/api/v1/communities/{id}/questions"
    )
    linked = next(q for q in questions["items"] if q["text"].startswith("How might we name bias"))
    assert linked["noteIds"] == [fear["id"]]


def test_the_board_updates_live_in_a_second_browser(fresh_server, browser, second_browser):
    srv = fresh_server()
    token = make_token(srv, LEADER)
    community = api(srv, "/api/v1/me", token).json()["communityId"].lower()
    # A second member of the leader's community, with a password of their own.
    members = api(srv, f"/api/v1/communities/{community}", token).json()["members"]
    people = {p["id"].lower(): p for p in api(srv, "/api/v1/people", make_token(srv, ADMIN)).json()["items"]}
    me = api(srv, "/api/v1/me", token).json()["id"].lower()
    other = next(people[m["personId"].lower()] for m in members if m["personId"].lower() != me)
    board_url = f"{srv.url}/communities/{community}/board"

    sign_in(browser, srv, LEADER)
    browser.get(board_url)
    sign_in(second_browser, srv, other["email"])
    second_browser.get(board_url)
    second_browser.execute_script("window.__notReloaded = true;")

    browser.find_element(By.ID, "text").send_keys("No budget for interpreters")
    browser.find_element(By.XPATH, "//button[normalize-space()='Add note']").click()
    wait_for(second_browser, lambda d: "No budget for interpreters" in d.find_element(By.ID, "board").text)
    assert second_browser.execute_script("return window.__notReloaded === true;"), "updated without a reload"

    # The other member moves it to Resources by keyboard; the first sees it there.
    note = second_browser.find_element(By.XPATH, "//li[contains(@class,'note')][.//p[normalize-space()='No budget for interpreters']]")
    select = note.find_element(By.TAG_NAME, "select")
    second_browser.execute_script("arguments[0].focus();", select)
    while select.get_attribute("value") != "resources":
        select.send_keys(Keys.ARROW_DOWN)
    select.send_keys(Keys.TAB)
    second_browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(
        browser,
        lambda d: "No budget for interpreters"
        in d.find_element(By.CSS_SELECTOR, "section[aria-labelledby='bucket-resources']").text,
    )
