"""Learning between meetings, as people use it: the demo leader, by keyboard alone, marks their
commitment tried, captures an insight and shares it with their debrief peer; the peer reads it, another
member does not, and the facilitator sees only the counts. Every page on the way passes axe."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from helpers import (
    BAYVIEW_NETWORK,
    FACILITATOR,
    LEADER,
    accessibility_report,
    api,
    axe_problems,
    main_text,
    make_token,
    sign_in,
    sign_out,
    signed_in_session,
    structure_problems,
    wait_for,
    wait_until_stale,
)
from test_admin_flows import focused, press, tab_to

LEARNED = "Greeting students at the door mattered more than the subject"


def page_problems(browser) -> list[str]:
    return structure_problems(browser) + axe_problems(browser)


def submit_focused(browser) -> None:
    """Press Enter on the focused button and wait for the next page."""
    button = focused(browser)
    press(browser, Keys.ENTER)
    wait_until_stale(browser, button)


def has_id(name: str):
    return lambda el: el.get_attribute("id") == name


def button(text: str):
    return lambda el: el.tag_name == "button" and (el.text or "").strip() == text


def test_leader_tries_captures_and_shares_with_their_peer(server, browser):
    found = {}
    sign_in(browser, server, LEADER)
    # From the home page, where the cycle's next step is waiting, to the cycle: by keyboard.
    text = main_text(browser)
    assert "Your next step: Try it, and mark how it went" in text, text
    tab_to(browser, lambda el: el.tag_name == "a" and (el.text or "").startswith("cycle "), "the cycle's link")
    link = focused(browser)
    press(browser, Keys.ENTER)
    wait_until_stale(browser, link)
    cycle = browser.current_url
    assert re.search(r"/cycles/[0-9a-f-]{36}$", cycle), cycle
    found["a leader's cycle"] = page_problems(browser)

    # Apply: tried, today (the form offers today).
    tab_to(browser, has_id("status-tried"), "the Tried choice")
    press(browser, Keys.SPACE)
    tab_to(browser, button("Save how it went"), "the Save how it went button")
    submit_focused(browser)
    assert "Saved how it went." in main_text(browser)
    assert re.search(r"Tried on \w{3} \d+ \w{3} \d{4}", main_text(browser)), main_text(browser)

    # Capture: a bad insight first (no decision) keeps what was typed and says what is missing.
    tab_to(browser, has_id("happened"), "What happened")
    press(browser, "Maribel led the walk and chose **science**")
    tab_to(browser, has_id("learned"), "What you learned")
    press(browser, LEARNED)
    tab_to(browser, button("Save the insight"), "the Save the insight button")
    submit_focused(browser)
    text = main_text(browser)
    assert "Choose adopt, adapt or abandon." in text
    assert browser.find_element(By.ID, "learned").get_attribute("value") == LEARNED
    found["an insight refused"] = page_problems(browser)
    tab_to(browser, has_id("decision-adopt"), "the Adopt choice")
    press(browser, Keys.SPACE)
    tab_to(browser, button("Save the insight"), "the Save the insight button")
    submit_focused(browser)
    assert "Your insight is saved." in main_text(browser)

    # Share with the peer: the sharing choice starts at "Only me"; the arrow moves it on.
    tab_to(browser, has_id("sharing-private"), "the sharing choices")
    assert focused(browser).is_selected(), "a new insight is not private"
    press(browser, Keys.ARROW_DOWN)
    assert browser.find_element(By.ID, "sharing-peer").is_selected()
    tab_to(browser, button("Save who can read it"), "the Save who can read it button")
    submit_focused(browser)
    assert "Sharing saved." in main_text(browser)

    # Who the peers are, and who is not one, from the API.
    token = make_token(server, LEADER)
    me = api(server, "/api/v1/me", token).json()
    community = re.search(r"/communities/([0-9a-f-]{36})/practice", browser.page_source).group(1)
    pairs = api(server, f"/api/v1/communities/{community}/pairs?cycles=1", token).json()[0]
    group = next(g for g in pairs if me["id"] in g)
    people = {p["id"]: p["email"] for p in api(server, "/api/v1/people", make_token(server, FACILITATOR)).json()["items"]}
    member_ids = set(sum(pairs, []))
    partner = next(i for i in group if i != me["id"])
    bystander = next(i for i in member_ids if i not in group)

    # The peer reads the insight, rendered (bold), on the same cycle page.
    sign_out(browser)
    sign_in(browser, server, people[partner])
    browser.get(cycle)
    wait_for(browser, lambda b: "Insights shared with you" in main_text(b))
    assert LEARNED in main_text(browser)
    assert browser.find_elements(By.XPATH, "//main//article[contains(@class,'insight')]//strong[.='science']")
    found["a peer's view of the cycle"] = page_problems(browser)

    # Another member of the community reads the commitment but not the insight.
    sign_out(browser)
    sign_in(browser, server, people[bystander])
    browser.get(cycle)
    assert LEARNED not in main_text(browser)

    # The facilitator: counts, never the words.
    sign_out(browser)
    sign_in(browser, server, FACILITATOR)
    browser.get(cycle)
    text = main_text(browser)
    assert re.search(r"\d+ of \d+ committed · [1-9]\d* tried · [1-9]\d* captured an insight", text), text
    assert LEARNED not in text
    assert "Run a second learning walk" not in text, "the facilitator reads an unshared commitment"
    found["a facilitator's view of the cycle"] = page_problems(browser)
    browser.get(server.url + f"/communities/{community}/practice")
    assert "Debrief peers" in main_text(browser)
    found["a community's cycles, for the facilitator"] = page_problems(browser)
    activity = browser.find_element(By.XPATH, "//main//ul[@class='activities']//a")
    activity.click()
    wait_until_stale(browser, activity)
    assert "Adopted by the community" in main_text(browser) and "Who changed what" in main_text(browser)
    found["an adopted activity"] = page_problems(browser)

    assert not any(found.values()), "accessibility problems:\n" + accessibility_report(found)


def test_practice_api_answers_what_its_document_says(server, contract):
    token = make_token(server, LEADER)
    me = api(server, "/api/v1/me", token).json()
    cohort = next(c for c in api(server, "/api/v1/cohorts", token).json()["items"] if c["name"] == BAYVIEW_NETWORK)
    communities = api(server, f"/api/v1/cohorts/{cohort['id']}/communities", token).json()["items"]
    facilitator = make_token(server, FACILITATOR)
    for community in communities:
        cycles = contract.check(api(server, f"/api/v1/communities/{community['id']}/cycles", facilitator),
                                "/api/v1/communities/{id}/cycles")["items"]
        pairs_path = f"/api/v1/communities/{community['id']}/pairs?cycles=12"
        mine = api(server, pairs_path, token)
        if mine.status_code == 200:
            break
    pairs = contract.check(mine, "/api/v1/communities/{id}/pairs")
    assert len(pairs) == 12 and all(me["id"] in sum(groups, []) for groups in pairs)
    cycles = contract.check(api(server, f"/api/v1/communities/{community['id']}/cycles", token),
                            "/api/v1/communities/{id}/cycles")["items"]
    assert len(cycles) >= 4 and all(c["start"] < c["end"] for c in cycles)
    bad = api(server, f"/api/v1/communities/{community['id']}/pairs?cycles=0", token)
    assert bad.status_code == 422
    assert "cycles: a whole number from 1 to 52" in str(contract.check(bad, "/api/v1/communities/{id}/pairs"))

    counts = contract.check(api(server, f"/api/v1/cycles/{cycles[0]['id']}/counts", facilitator),
                            "/api/v1/cycles/{id}/counts")
    assert counts["committed"] <= counts["members"]
    activities = contract.check(api(server, f"/api/v1/communities/{community['id']}/activities", token),
                                "/api/v1/communities/{id}/activities")["items"]
    activity = contract.check(api(server, f"/api/v1/activities/{activities[0]['id']}", token),
                              "/api/v1/activities/{id}")
    stale = api(server, f"/api/v1/activities/{activity['id']}", token, method="PUT",
                json={"version": activity["version"], "title": "x", "purpose": "y"})
    assert stale.status_code == 422, "an adopted activity took an edit"
    contract.check(stale, "/api/v1/activities/{id}", "PUT")

    # A new commitment in a cycle that has ended is refused, naming why; a commitment and its
    # insight read back as documented; a private insight is 404 to the facilitator.
    ended = api(server, f"/api/v1/cycles/{cycles[0]['id']}/commitments", token, method="POST",
                json={"text": "Try", "prediction": "See"})
    assert ended.status_code == 422 and "This cycle has ended" in ended.text
    contract.check(ended, "/api/v1/cycles/{id}/commitments", "POST")
    page = signed_in_session(server, LEADER).get(server.url + f"/cycles/{cycles[0]['id']}", timeout=15).text
    commitment_id = re.search(r'id="commitment-([0-9a-f-]{36})"', page).group(1)
    commitment = contract.check(api(server, f"/api/v1/commitments/{commitment_id}", token), "/api/v1/commitments/{id}")
    assert commitment["authorId"] == me["id"] and commitment["insightId"]
    insight = contract.check(api(server, f"/api/v1/insights/{commitment['insightId']}", token), "/api/v1/insights/{id}")
    if insight["sharing"] == "private":
        hidden = api(server, f"/api/v1/insights/{insight['id']}", facilitator)
        assert hidden.status_code == 404
        contract.check(hidden, "/api/v1/insights/{id}")
