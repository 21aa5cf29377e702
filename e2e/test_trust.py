"""The trust survey (issue 6), as its people meet it.

- A leader sees the open round on their home page and answers it with the keyboard alone; a
  second answer is impossible and the notice goes away.
- The facilitator reads a closed round: the weakest facet and what to do about it, the facet table
  with reliability and change, two charts with their data, and a CSV of the aggregates.
- Privacy: under the minimum of 4 responses nothing is shown anywhere (page, API, exports), open
  rounds have no results, another district sees nothing, and only admins export item-level answers.
- The API, validated against the server's own OpenAPI document, with figures checked by hand.
- The CLI gives the same figures as the page from the admin's item-level export.
- axe-core finds no serious or critical problem on the survey's pages.

Tests that change data start their own server (`fresh_server`), so the shared demo keeps its three
rounds exactly as seeded: Autumn (closed, 21), Winter (closed, 22), Spring (open, 9 of 23).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import statistics
from datetime import date, datetime, timedelta, timezone

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from helpers import (
    ADMIN,
    BAYVIEW_NETWORK,
    FACILITATOR,
    LEADER,
    WAIT,
    accessibility_report,
    add_district,
    api,
    axe_problems,
    button_by_text,
    http_session_of,
    main_text,
    make_token,
    path_of,
    run_trellis,
    sign_in,
    signed_in_session,
    structure_problems,
    wait_until_stale,
    xpath_literal,
)

# The instrument trellis-trust-1, in the order a leader answers it: (item, facet, reverse-keyed).
ITEMS = [
    ("B1", "benevolence", False), ("I1", "integrity", False), ("P1", "predictability", False),
    ("C1", "competence", False), ("B2", "benevolence", False), ("I2", "integrity", False),
    ("P2", "predictability", True), ("C2", "competence", False), ("B3", "benevolence", False),
    ("I3", "integrity", False), ("P3", "predictability", False), ("C3", "competence", True),
    ("B4", "benevolence", True), ("I4", "integrity", True), ("P4", "predictability", False),
    ("C4", "competence", False),
]
ITEM_IDS = [item for item, _, _ in ITEMS]
FACETS = ["benevolence", "integrity", "predictability", "competence"]
SCALE_LABELS = [
    "Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
    "Somewhat agree", "Agree", "Strongly agree",
]
P3_TEXT = "Our meetings follow a pattern I can count on."
OPEN_QUESTION = "What would make our meetings more predictable for you?"
def _demo_round_title(opens_in_days: int) -> str:
    """The demo names each round for the month it opened (DemoTrust.title), in UTC as the server does."""
    opens = datetime.now(timezone.utc).date() + timedelta(days=opens_in_days)
    return f"{opens.strftime('%B')} check-in"


# The demo's first, second and open rounds (opening 80, 38 and 3 days ago).
AUTUMN, WINTER, SPRING = _demo_round_title(-80), _demo_round_title(-38), _demo_round_title(-3)
ITEMS_CSV_HEADER = ["round", "community", "response", "facet", "item", "value", "reverse"]
RESULTS_CSV_LINK = "Download the results (CSV)"
ITEMS_CSV_LINK = "Download item-level answers, without names (CSV)"
HARBOR_LEADER = "principal@harbor.example"
HARBOR_LEADER_PASSWORD = "harbor-city-principal-password-2026"


def today() -> date:
    """The server counts a round's days in UTC."""
    return datetime.now(timezone.utc).date()


# ------------------------------------------------------------------ reading the demo


def network_id(server, token: str) -> str:
    cohorts = api(server, "/api/v1/cohorts", token).json()["items"]
    return next(c["id"] for c in cohorts if c["name"] == BAYVIEW_NETWORK)


def rounds_by_title(server, token: str, cohort: str) -> dict[str, dict]:
    r = api(server, f"/api/v1/cohorts/{cohort}/trust-rounds", token)
    assert r.status_code == 200, r.text
    return {x["title"]: x for x in r.json()["items"]}


def cohort_leader_emails(server, admin_token: str, cohort: str) -> list[str]:
    detail = api(server, f"/api/v1/cohorts/{cohort}", admin_token).json()
    return sorted(m["email"] for m in detail["members"] if m["role"] == "leader")


@pytest.fixture(scope="module")
def demo(server) -> dict:
    """The shared server's demo cohort and its three rounds, read through the API."""
    tokens = {"admin": make_token(server, ADMIN), "facilitator": make_token(server, FACILITATOR)}
    cohort = network_id(server, tokens["admin"])
    return {"tokens": tokens, "cohort": cohort, "rounds": rounds_by_title(server, tokens["admin"], cohort)}


def round_path(round_: dict) -> str:
    # Pages link ids in lowercase; the API spells them in uppercase. Both work.
    return f"/trust/{round_['id'].lower()}"


# ------------------------------------------------------------------ the keyboard


def press(browser, *keys) -> None:
    ActionChains(browser).send_keys(*keys).perform()


def focused(browser):
    return browser.switch_to.active_element


def describe(element) -> str:
    name = element.get_attribute("name") or element.get_attribute("id") or ""
    value = element.get_attribute("value") or ""
    return f"<{element.tag_name} name={name!r} value={value[:20]!r}> {(element.text or '')[:40]!r}"


def tab_until(browser, wanted, what: str, limit: int = 80):
    """Press Tab until `wanted(focused element)` holds; return that element."""
    seen = []
    for _ in range(limit):
        press(browser, Keys.TAB)
        el = focused(browser)
        if wanted(el):
            return el
        seen.append(describe(el))
    raise AssertionError(f"Tab never reached {what}; focus went through: {seen[-12:]}")


def is_radio_of(item: str):
    return lambda el: el.tag_name == "input" and el.get_attribute("name") == f"item-{item}"


def choose_by_keyboard(browser, item: str, value: int) -> None:
    """Focus is on the first radio of `item`'s untouched group (where Tab puts it): Space picks
    "Strongly disagree", each arrow key moves to the next answer and picks it."""
    el = focused(browser)
    assert (el.get_attribute("name"), el.get_attribute("value")) == (f"item-{item}", "1"), (
        f"Tab into the untouched group {item} should land on its first answer; focus is on {describe(el)}"
    )
    if value == 1:
        press(browser, Keys.SPACE)
    else:
        # Right and Down both move forward in a radio group; use both, as people do.
        for step in range(value - 1):
            press(browser, Keys.ARROW_RIGHT if step % 2 == 0 else Keys.ARROW_DOWN)
    el = focused(browser)
    assert (el.get_attribute("name"), el.get_attribute("value"), el.is_selected()) == (f"item-{item}", str(value), True), (
        f"after choosing {value} for {item} by keyboard, focus is on {describe(el)} (selected: {el.is_selected()})"
    )


def checked_values(browser) -> dict[str, str | None]:
    """Item → the value of its checked radio (None when nothing is chosen), from the page."""
    out = {}
    for fieldset in browser.find_elements(By.CSS_SELECTOR, "form fieldset.likert"):
        checked = fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]:checked")
        out[fieldset.get_attribute("id")] = checked[0].get_attribute("value") if checked else None
    return out


def answer_values() -> dict[str, int]:
    """Every answer of the scale used at least once, 1 (Space) and 7 (six arrow presses) included."""
    return {item: (i * 3) % 7 + 1 for i, item in enumerate(ITEM_IDS)}


def check_answer_form(browser) -> dict[str, str]:
    """The form as specified: 16 statements, each a fieldset with a legend and the seven labelled
    answers; the open question, optional. Returns item → statement."""
    fieldsets = browser.find_elements(By.CSS_SELECTOR, "form fieldset.likert")
    assert [f.get_attribute("id") for f in fieldsets] == ITEM_IDS, "the statements are not B1…C4 in order"
    statements = {}
    for fieldset in fieldsets:
        item = fieldset.get_attribute("id")
        legend = fieldset.find_element(By.TAG_NAME, "legend").text.strip()
        assert legend, f"{item} has an empty legend"
        statements[item] = legend
        radios = fieldset.find_elements(By.CSS_SELECTOR, "input[type=radio]")
        assert [(r.get_attribute("name"), r.get_attribute("value")) for r in radios] == [
            (f"item-{item}", str(v)) for v in range(1, 8)
        ], f"{item}'s radios"
        labels = [r.find_element(By.XPATH, "ancestor::label[1]").text.strip() for r in radios]
        assert labels == SCALE_LABELS, f"{item}'s answers read {labels}"
        assert not [r for r in radios if r.is_selected()], f"{item} starts with an answer chosen"
    assert statements["P3"] == P3_TEXT
    assert len(set(statements.values())) == 16, "two statements read the same"
    textarea = browser.find_element(By.CSS_SELECTOR, "form textarea")
    label = browser.find_element(By.CSS_SELECTOR, f"label[for='{textarea.get_attribute('id')}']").text.strip()
    assert label == f"{OPEN_QUESTION} (optional)", label
    return statements


def fill_by_keyboard(browser, values: dict[str, int], written: str) -> None:
    """From a freshly loaded answer page: skip link, then one Tab per statement. Statements not in
    `values` are passed over (Tab again leaves an untouched group). Then the open question."""
    press(browser, Keys.TAB)
    assert focused(browser).text.strip() == "Skip to main content"
    press(browser, Keys.ENTER)
    for item in ITEM_IDS:
        press(browser, Keys.TAB)
        if item in values:
            choose_by_keyboard(browser, item, values[item])
        else:
            el = focused(browser)
            assert el.get_attribute("name") == f"item-{item}", f"Tab should reach {item}; focus is on {describe(el)}"
    press(browser, Keys.TAB)
    el = focused(browser)
    assert el.tag_name == "textarea", f"after the last statement, Tab reaches {describe(el)}, not the open question"
    el.send_keys(written)


def send_by_keyboard(browser):
    """Tab to "Send my answers" and press Enter; returns the button (to wait on the page change)."""
    button = tab_until(
        browser, lambda el: el.tag_name == "button" and el.text.strip() == "Send my answers", "the Send button"
    )
    press(browser, Keys.ENTER)
    return button


def home_trust_notices(browser) -> list[str]:
    return [p.text for p in browser.find_elements(By.CSS_SELECTOR, "main p.notice") if "trust survey" in p.text]


# ------------------------------------------------------------------ 1. a leader answers


def test_leader_answers_the_open_round_by_keyboard_only(fresh_server, browser):
    srv = fresh_server()
    sign_in(browser, srv, LEADER)

    closes = (today() + timedelta(days=11)).isoformat()
    notices = home_trust_notices(browser)
    assert any(n.startswith(f"The trust survey “{SPRING}” is open until {closes}") for n in notices), (
        f"the leader's home does not announce the open round; trust notices: {notices}"
    )
    notice = browser.find_element(By.XPATH, f"//main//p[contains(@class,'notice')][contains(., {xpath_literal(SPRING)})]")
    notice.find_element(By.LINK_TEXT, "Answer it").click()
    WebDriverWait(browser, WAIT).until(lambda b: re.fullmatch(r"/trust/[0-9a-fA-F-]{36}", path_of(b)))
    round_url = browser.current_url.split("?")[0]
    assert browser.find_element(By.TAG_NAME, "h1").text == SPRING
    assert "9 of 23 leaders have answered." in main_text(browser)
    assert "Results appear when the round closes" in main_text(browser)

    browser.find_element(By.LINK_TEXT, "Answer the survey").click()
    WebDriverWait(browser, WAIT).until(lambda b: path_of(b).endswith("/answer"))
    answer_url = browser.current_url
    check_answer_form(browser)

    values = answer_values()
    written = "A shared calendar for the whole year, please."
    fill_by_keyboard(browser, values, written)
    assert checked_values(browser) == {k: str(v) for k, v in values.items()}
    button = send_by_keyboard(browser)
    wait_until_stale(browser, button)

    assert browser.current_url.split("?")[0] == round_url, f"after sending, the browser is at {browser.current_url}"
    text = main_text(browser)
    assert "Thank you. Your answers are saved without your name." in text
    assert "You have answered this round" in text
    assert "10 of 23 leaders have answered." in text, text
    assert not browser.find_elements(By.LINK_TEXT, "Answer the survey"), "the round still offers to answer it"
    assert written not in browser.page_source, "the written answer shows while the round is open"

    # A second answer is impossible: the answer page sends the leader to the round page.
    browser.get(answer_url)
    WebDriverWait(browser, WAIT).until(lambda b: b.current_url.split("?")[0] == round_url)
    assert not browser.find_elements(By.CSS_SELECTOR, "form.survey")
    assert "10 of 23 leaders have answered." in main_text(browser)

    # And the home page no longer asks.
    browser.get(srv.url + "/")
    assert not home_trust_notices(browser), f"the home page still shows {home_trust_notices(browser)}"
    assert not browser.find_elements(By.LINK_TEXT, "Answer it")


def test_sending_with_statements_missing_lists_each_and_keeps_the_choices(fresh_server, browser):
    """A leader who skipped three statements learns which ones, all at once, and loses nothing."""
    srv = fresh_server()
    token = make_token(srv, ADMIN)
    spring = rounds_by_title(srv, token, network_id(srv, token))[SPRING]
    sign_in(browser, srv, LEADER)
    browser.get(srv.url + round_path(spring) + "/answer")
    statements = check_answer_form(browser)

    values = answer_values()
    skipped = ["P2", "C3", "I4"]
    partial = {k: v for k, v in values.items() if k not in skipped}
    written = "Agendas a week ahead."
    fill_by_keyboard(browser, partial, written)
    button = send_by_keyboard(browser)
    try:
        wait_until_stale(browser, button, timeout=5)
        sent = True
    except TimeoutException:
        sent = False
    if not sent:
        el = focused(browser)
        message = browser.execute_script("return document.activeElement.validationMessage")
        pytest.fail(
            f"Sending with {len(skipped)} statements unanswered ({', '.join(skipped)}) never reached the "
            f"server: Chromium's own form validation stopped it (every radio has `required`) and only "
            f"focused {describe(el)} with the browser bubble {message!r}. The page's list of every "
            f"unanswered statement under 'Nothing was saved yet' never appears in the browser.",
            pytrace=False,
        )

    assert path_of(browser).endswith("/answer")
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "Nothing was saved yet" in summary.text
    listed = [li.text for li in summary.find_elements(By.TAG_NAME, "li")]
    assert len(listed) == len(skipped), listed
    for line, item in zip(listed, skipped):
        assert statements[item] in line, f"the problem {line!r} does not name the statement {statements[item]!r}"
    assert checked_values(browser) == {k: (str(partial[k]) if k in partial else None) for k in ITEM_IDS}, (
        "the choices made before sending were not kept"
    )
    assert browser.find_element(By.CSS_SELECTOR, "form textarea").get_attribute("value") == written
    for item in skipped:
        assert "has-error" in browser.find_element(By.ID, item).get_attribute("class"), f"{item} is not marked"

    # Fix them by keyboard: the summary's first link leads to the first unanswered statement.
    press(browser, Keys.TAB)
    press(browser, Keys.ENTER)  # skip link
    tab_until(browser, lambda el: el.tag_name == "a" and statements[skipped[0]] in el.text, "the first problem link")
    press(browser, Keys.ENTER)
    press(browser, Keys.TAB)
    choose_by_keyboard(browser, skipped[0], values[skipped[0]])
    for item in skipped[1:]:
        tab_until(browser, is_radio_of(item), f"the statement {item}")
        choose_by_keyboard(browser, item, values[item])
    button = send_by_keyboard(browser)
    wait_until_stale(browser, button)
    assert "Thank you. Your answers are saved without your name." in main_text(browser)
    assert "10 of 23 leaders have answered." in main_text(browser)


# ------------------------------------------------------------------ 2. the facilitator reads a round


def facet_table(browser) -> dict[str, dict[str, str]]:
    """The results table: facet → {column header → cell text}."""
    table = browser.find_element(
        By.XPATH, "//main//table[.//thead//th[normalize-space()='Mean']]"
    )
    headers = [th.text.strip() for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    rows = {}
    for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = [c.text.strip() for c in tr.find_elements(By.XPATH, "./th|./td")]
        rows[cells[0]] = dict(zip(headers, cells))
    return rows


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_facilitator_reads_the_winter_round(server, browser, demo):
    winter = demo["rounds"][WINTER]
    sign_in(browser, server, FACILITATOR)
    browser.get(f"{server.url}/cohorts/{demo['cohort'].lower()}")
    browser.find_element(By.LINK_TEXT, "Trust survey").click()
    WebDriverWait(browser, WAIT).until(lambda b: path_of(b).endswith("/trust"))
    rows = {
        tr.find_element(By.TAG_NAME, "td").text: [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        for tr in browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    }
    assert rows[AUTUMN][3:] == ["Closed", "21 of 23"], rows[AUTUMN]
    assert rows[WINTER] == [WINTER, winter["opensOn"], winter["closesOn"], "Closed", "22 of 23"], rows[WINTER]
    assert rows[SPRING][3:] == ["Open", "9 of 23"], rows[SPRING]
    browser.find_element(By.LINK_TEXT, WINTER).click()
    WebDriverWait(browser, WAIT).until(lambda b: path_of(b) == round_path(winter))

    text = main_text(browser)
    assert "Results (22 responses)" in text
    weakest = browser.find_element(By.CSS_SELECTOR, "main .weakest")
    assert weakest.find_element(By.TAG_NAME, "h3").text == "Weakest facet: Predictability"
    assert "Practices that address it:" in weakest.text
    practices = [li.text for li in weakest.find_elements(By.TAG_NAME, "li")]
    api_results = api(server, f"/api/v1/trust-rounds/{winter['id']}/results", demo["tokens"]["facilitator"]).json()
    assert practices and practices == api_results["practices"], practices

    table = facet_table(browser)
    assert list(table) == ["Benevolence", "Integrity", "Predictability", "Competence"]
    change_header = next(h for h in table["Predictability"] if h.startswith("Change since last round"))
    cohort = api_results["groups"][0]
    for facet in FACETS:
        row = table[facet.capitalize()]
        figures = cohort["facets"][facet]
        assert row["Mean"] == f"{figures['mean']:.2f}", (facet, row, figures)
        assert row["95 % interval"] == f"{figures['ci95'][0]:.2f}–{figures['ci95'][1]:.2f}", (facet, row)
        assert row["Reliability (α)"] == f"{figures['alpha']:.2f}", (facet, row)
        assert re.fullmatch(r"[+-]\d\.\d\d \([+-]\d\.\d\d to [+-]\d\.\d\d\)", row[change_header]), row
    means = {f: float(table[f.capitalize()]["Mean"]) for f in FACETS}
    assert min(means, key=means.get) == "predictability", means
    # Predictability improved since autumn, and the interval of the change is above zero.
    change = re.findall(r"[+-]\d\.\d\d", table["Predictability"][change_header])
    assert float(change[0]) > 0 and float(change[1]) > 0, table["Predictability"][change_header]

    charts = browser.find_elements(By.CSS_SELECTOR, "main svg[role=img]")
    assert len(charts) == 2, f"expected the facet bars and the trend, found {len(charts)} charts"
    for chart in charts:
        ids = (chart.get_attribute("aria-labelledby") or "").split()
        title = chart.find_element(By.XPATH, "./*[local-name()='title']")
        desc = chart.find_element(By.XPATH, "./*[local-name()='desc']")
        assert ids == [title.get_attribute("id"), desc.get_attribute("id")], ids
        assert title.get_attribute("textContent").strip() and "predictability" in desc.get_attribute("textContent").lower()
    titles = [c.find_element(By.XPATH, "./*[local-name()='title']").get_attribute("textContent") for c in charts]
    assert titles == [f"Trust by facet, {WINTER}", "Trust across rounds"], titles

    # The charts' data as a table beside them: one column per round, a row per facet.
    data = browser.find_element(By.XPATH, "//main//table[caption[starts-with(normalize-space(), 'Trust by facet')]]")
    headers = [th.text for th in data.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == ["Facet", AUTUMN, WINTER], headers
    data_rows = {tr.find_element(By.TAG_NAME, "th").text: [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
                 for tr in data.find_elements(By.CSS_SELECTOR, "tbody tr")}
    assert data_rows["Responses (n)"] == ["21", "22"]
    for facet in FACETS:
        assert data_rows[facet.capitalize()][1].startswith(table[facet.capitalize()]["Mean"] + " ("), data_rows

    # The open answers of a round at or above the minimum.
    answers = browser.find_elements(By.XPATH, f"//main//h3[normalize-space()={xpath_literal(OPEN_QUESTION)}]/following-sibling::ul[1]/li")
    assert len(answers) == 5, [a.text for a in answers]

    # Facilitators download the aggregates, not the item-level answers.
    assert not browser.find_elements(By.LINK_TEXT, ITEMS_CSV_LINK), "a facilitator is offered the item-level export"
    href = browser.find_element(By.LINK_TEXT, RESULTS_CSV_LINK).get_attribute("href")
    r = http_session_of(browser).get(href, timeout=15, allow_redirects=False)
    assert r.status_code == 200, r.status_code
    assert r.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in r.headers.get("Content-Disposition", "")
    lines = parse_csv(r.text)
    cohort_lines = [x for x in lines if x["community"] == ""]
    assert [x["facet"] for x in cohort_lines] == FACETS, cohort_lines
    for x in cohort_lines:
        assert (x["round"], x["n"], x["suppressed"], x["instrument"]) == (WINTER, "22", "false", winter["instrumentVersion"])
        assert f"{float(x['mean']):.2f}" == table[x["facet"].capitalize()]["Mean"], x
        assert f"{float(x['alpha']):.2f}" == table[x["facet"].capitalize()]["Reliability (α)"], x


# ------------------------------------------------------------------ 3. privacy


def full_answers(value: int = 5) -> dict[str, int]:
    return {item: value for item in ITEM_IDS}


def open_question_id(server, leader_email: str, round_id: str) -> str:
    """The open question's id, as the answer form names its textarea (the API does not list them)."""
    page = signed_in_session(server, leader_email).get(f"{server.url}/trust/{round_id.lower()}/answer", timeout=15).text
    match = re.search(r'<textarea id="open-([0-9A-Fa-f-]{36})"', page)
    assert match, "the answer form has no open question"
    return match.group(1)


def test_under_the_minimum_nothing_is_shown(fresh_server, browser, contract):
    srv = fresh_server()
    admin_token, facilitator_token = make_token(srv, ADMIN), make_token(srv, FACILITATOR)
    cohort = network_id(srv, admin_token)

    # The facilitator opens a round; a date mistake first, which keeps the typed title.
    sign_in(browser, srv, FACILITATOR)
    browser.get(f"{srv.url}/cohorts/{cohort.lower()}")
    browser.find_element(By.LINK_TEXT, "Trust survey").click()
    WebDriverWait(browser, WAIT).until(lambda b: path_of(b).endswith("/trust"))
    title = "Small group check"
    browser.find_element(By.ID, "title").send_keys(title)
    yesterday = today() - timedelta(days=1)
    browser.find_element(By.ID, "closesOn").send_keys(yesterday.strftime("%m%d%Y"))
    assert browser.find_element(By.ID, "closesOn").get_attribute("value") == yesterday.isoformat()
    button = button_by_text(browser, "Open the round")
    button.click()
    wait_until_stale(browser, button)
    assert "Nothing was saved yet" in main_text(browser)
    assert "Closes on: must be on or after the day it opens." in main_text(browser)
    assert browser.find_element(By.ID, "title").get_attribute("value") == title
    closes = browser.find_element(By.ID, "closesOn")
    closes.send_keys((today() + timedelta(days=7)).strftime("%m%d%Y"))
    button = button_by_text(browser, "Open the round")
    button.click()
    wait_until_stale(browser, button)
    assert "The round is set up." in main_text(browser)
    assert "0 of 23 leaders have answered." in main_text(browser)
    round_id = path_of(browser).rsplit("/", 1)[1]
    round_url = f"{srv.url}/trust/{round_id}"

    # While it is open there are no results, for anyone.
    r = api(srv, f"/api/v1/trust-rounds/{round_id}/results", facilitator_token)
    assert r.status_code == 409, r.text
    contract.check(r, "/api/v1/trust-rounds/{id}/results")

    # Two leaders answer, with written answers too.
    leaders = [e for e in cohort_leader_emails(srv, admin_token, cohort) if e != LEADER][:2]
    question = open_question_id(srv, LEADER, round_id)
    secrets = ["Only two of us answered this one.", "A second private remark."]
    for email, secret in zip(leaders, secrets):
        r = api(srv, f"/api/v1/trust-rounds/{round_id}/responses", make_token(srv, email), method="POST",
                json={"answers": full_answers(2), "openAnswers": {question: secret}})
        assert r.status_code == 201, r.text
    browser.refresh()
    assert "2 of 23 leaders have answered." in main_text(browser)

    button = button_by_text(browser, "Close the round now")
    button.click()
    wait_until_stale(browser, button)
    text = main_text(browser)
    assert "The round is closed." in text
    assert "2 people answered, fewer than the 4 needed" in text, text
    assert not browser.find_elements(By.XPATH, "//main//th[normalize-space()='Mean']"), "a facet table is shown"
    assert not browser.find_elements(By.CSS_SELECTOR, "main svg"), "a chart is shown"
    assert "Weakest facet" not in text
    assert not re.search(r"\b\d\.\d\d\b", text), f"figures on the page: {re.findall(r'[0-9]+[.][0-9]+', text)}"
    for secret in secrets:
        assert secret not in browser.page_source, "a written answer of a group under the minimum is shown"

    r = api(srv, f"/api/v1/trust-rounds/{round_id}/results", facilitator_token)
    assert r.status_code == 200, r.text
    results = contract.check(r, "/api/v1/trust-rounds/{id}/results")
    cohort_group = results["groups"][0]
    assert (cohort_group.get("community"), cohort_group["n"], cohort_group["suppressed"]) == (None, 2, True), cohort_group
    assert cohort_group.get("facets") is None and cohort_group.get("weakestFacet") is None, cohort_group
    assert not results.get("practices"), "practices name the weakest facet of a hidden group"

    # The facilitator cannot export item-level answers, of this round or any other.
    facilitator_http = http_session_of(browser)
    winter = rounds_by_title(srv, admin_token, cohort)[WINTER]
    for rid in (round_id, winter["id"].lower()):
        r = facilitator_http.get(f"{srv.url}/trust/{rid}/items.csv", timeout=15, allow_redirects=False)
        assert r.status_code == 403, f"a facilitator asking for /trust/{rid}/items.csv got {r.status_code}"
        assert "text/csv" not in r.headers.get("Content-Type", "")

    # The admin is refused the item-level answers of a round under the minimum.
    admin_http = signed_in_session(srv, ADMIN)
    r = admin_http.get(f"{round_url}/items.csv", timeout=15, allow_redirects=False)
    assert r.status_code == 409, f"the item-level export of a round under the minimum answered {r.status_code}"
    assert "text/csv" not in r.headers.get("Content-Type", "")

    # Another district's leader finds no such round, on the API or the pages.
    add_district(srv, name="Harbor City", slug="harbor", email=HARBOR_LEADER, role="leader",
                 password=HARBOR_LEADER_PASSWORD)
    harbor_token = make_token(srv, HARBOR_LEADER)
    for template, method, body in [
        ("/api/v1/trust-rounds/{id}", "GET", None),
        ("/api/v1/trust-rounds/{id}/results", "GET", None),
        ("/api/v1/trust-rounds/{id}/responses", "POST", {"answers": full_answers()}),
    ]:
        r = api(srv, template.replace("{id}", round_id), harbor_token, method=method, json=body)
        assert r.status_code == 404, f"Harbor City's leader: {method} {template} answered {r.status_code}"
        contract.check(r, template, method=method)
        assert title not in r.text and BAYVIEW_NETWORK not in r.text
    harbor_http = signed_in_session(srv, HARBOR_LEADER, HARBOR_LEADER_PASSWORD)
    for path in ("", "/answer"):
        r = harbor_http.get(round_url + path, timeout=15, allow_redirects=False)
        assert r.status_code == 404, f"Harbor City's leader opening the round{path} got {r.status_code}"
        assert title not in r.text

    # The admin's page does not offer the export it would refuse.
    admin_page = admin_http.get(round_url, timeout=15).text
    assert "fewer than the 4 needed" in admin_page
    assert ITEMS_CSV_LINK not in admin_page, (
        "the admin's page of a round with 2 responses links to the item-level export, which then "
        "answers 409 (the export exists only at or above the minimum)"
    )


def test_another_districts_admin_cannot_see_the_demo_rounds(server, demo, harbor, contract):
    for title in (WINTER, SPRING):
        rid = demo["rounds"][title]["id"]
        for template in ("/api/v1/trust-rounds/{id}", "/api/v1/trust-rounds/{id}/results"):
            r = api(server, template.replace("{id}", rid), harbor["token"])
            assert r.status_code == 404, f"Harbor City's admin: {template} of {title} answered {r.status_code}"
            contract.check(r, template)
    r = api(server, f"/api/v1/cohorts/{demo['cohort']}/trust-rounds", harbor["token"])
    assert r.status_code == 404, r.status_code
    contract.check(r, "/api/v1/cohorts/{id}/trust-rounds")


# ------------------------------------------------------------------ 4. the API


# Four responses by hand (already as given: reverse-keyed items P2, C3, B4, I4 answered reversed).
HAND_RESPONSES = [
    {"B1": 6, "I1": 5, "P1": 3, "C1": 6, "B2": 7, "I2": 5, "P2": 5, "C2": 6,
     "B3": 6, "I3": 6, "P3": 2, "C3": 2, "B4": 2, "I4": 3, "P4": 3, "C4": 5},
    {"B1": 5, "I1": 4, "P1": 2, "C1": 5, "B2": 5, "I2": 4, "P2": 6, "C2": 5,
     "B3": 4, "I3": 5, "P3": 2, "C3": 3, "B4": 3, "I4": 4, "P4": 2, "C4": 4},
    {"B1": 7, "I1": 6, "P1": 4, "C1": 7, "B2": 6, "I2": 7, "P2": 4, "C2": 7,
     "B3": 7, "I3": 6, "P3": 4, "C3": 1, "B4": 1, "I4": 2, "P4": 5, "C4": 6},
    {"B1": 4, "I1": 5, "P1": 3, "C1": 4, "B2": 5, "I2": 5, "P2": 5, "C2": 5,
     "B3": 5, "I3": 4, "P3": 3, "C3": 4, "B4": 3, "I4": 3, "P4": 3, "C4": 5},
]
# Student's t, 0.975 quantile, 3 degrees of freedom (tables; scipy.stats.t.ppf(0.975, 3)).
T_975_DF3 = 3.182446305284263


def by_hand(responses: list[dict[str, int]], scale: int = 7) -> dict[str, dict]:
    """Facet mean, Cronbach's α and 95 % t-interval, straight from the definitions in issue 6."""
    out = {}
    for facet in FACETS:
        keys = [(item, rev) for item, f, rev in ITEMS if f == facet]
        scored = [[(scale + 1 - r[item]) if rev else r[item] for item, rev in keys] for r in responses]
        per_response = [statistics.mean(s) for s in scored]
        n, k = len(responses), len(keys)
        mean = statistics.mean(per_response)
        half = T_975_DF3 * statistics.stdev(per_response) / math.sqrt(n)
        item_var = sum(statistics.variance([s[i] for s in scored]) for i in range(k))
        total_var = statistics.variance([sum(s) for s in scored])
        alpha = k / (k - 1) * (1 - item_var / total_var)
        out[facet] = {"mean": mean, "alpha": alpha, "ci95": [mean - half, mean + half]}
    return out


def test_api_round_from_opening_to_results(fresh_server, contract):
    srv = fresh_server()
    admin, facilitator, leader = (make_token(srv, e) for e in (ADMIN, FACILITATOR, LEADER))
    cohort = network_id(srv, admin)
    collection = f"/api/v1/cohorts/{cohort}/trust-rounds"
    opens, closes = today(), today() + timedelta(days=7)

    # Opening: leaders may not; dates are checked; the facilitator opens it.
    body = {"title": "API check-in", "opensOn": opens.isoformat(), "closesOn": closes.isoformat()}
    r = api(srv, collection, leader, method="POST", json=body)
    assert r.status_code == 403, r.text
    contract.check(r, "/api/v1/cohorts/{id}/trust-rounds", method="POST")
    r = api(srv, collection, facilitator, method="POST", json=dict(body, closesOn=(opens - timedelta(days=1)).isoformat()))
    assert r.status_code == 422, r.text
    problem = contract.check(r, "/api/v1/cohorts/{id}/trust-rounds", method="POST")
    assert [e["field"] for e in problem["errors"]] == ["closesOn"], problem
    r = api(srv, collection, facilitator, method="POST", json=body)
    assert r.status_code == 201, r.text
    created = contract.check(r, "/api/v1/cohorts/{id}/trust-rounds", method="POST")
    assert (created["title"], created["opensOn"], created["closesOn"], created["status"]) == (
        "API check-in", opens.isoformat(), closes.isoformat(), "open")
    assert (created["answered"], created["eligible"], created["cohortId"]) == (0, 23, cohort)
    rid = created["id"]
    assert r.headers.get("Location", "").lower() == f"/api/v1/trust-rounds/{rid}".lower()
    one = contract.check(api(srv, f"/api/v1/trust-rounds/{rid}", leader), "/api/v1/trust-rounds/{id}")
    assert one == created
    listed = contract.check(api(srv, collection, leader), "/api/v1/cohorts/{id}/trust-rounds")["items"]
    assert rid in [x["id"] for x in listed]

    responses = f"/api/v1/trust-rounds/{rid}/responses"
    template = "/api/v1/trust-rounds/{id}/responses"

    def answered() -> int:
        return api(srv, f"/api/v1/trust-rounds/{rid}", admin).json()["answered"]

    # Missing and out-of-range answers are refused, item by item, and nothing is recorded.
    missing = {k: v for k, v in HAND_RESPONSES[0].items() if k != "P3"}
    r = api(srv, responses, leader, method="POST", json={"answers": missing})
    assert r.status_code == 422, r.text
    problem = contract.check(r, template, method="POST")
    assert [e["field"] for e in problem["errors"]] == ["P3"], problem
    assert P3_TEXT in problem["errors"][0]["message"], problem
    r = api(srv, responses, leader, method="POST", json={"answers": dict(HAND_RESPONSES[0], B1=8)})
    assert r.status_code == 422, r.text
    assert [e["field"] for e in contract.check(r, template, method="POST")["errors"]] == ["B1"]
    assert answered() == 0

    # Facilitators do not answer; the leader answers once.
    r = api(srv, responses, facilitator, method="POST", json={"answers": HAND_RESPONSES[0]})
    assert r.status_code == 403, r.text
    contract.check(r, template, method="POST")
    r = api(srv, responses, leader, method="POST", json={"answers": HAND_RESPONSES[0]})
    assert r.status_code == 201, r.text
    assert contract.check(r, template, method="POST") == {"recorded": True}
    r = api(srv, responses, leader, method="POST", json={"answers": HAND_RESPONSES[1]})
    assert r.status_code == 409, r.text
    contract.check(r, template, method="POST")
    assert answered() == 1

    others = [e for e in cohort_leader_emails(srv, admin, cohort) if e != LEADER][:3]
    for email, answers in zip(others, HAND_RESPONSES[1:]):
        r = api(srv, responses, make_token(srv, email), method="POST", json={"answers": answers})
        assert r.status_code == 201, r.text
    assert answered() == 4

    results_path = f"/api/v1/trust-rounds/{rid}/results"
    r = api(srv, results_path, leader)
    assert r.status_code == 409, r.text
    contract.check(r, "/api/v1/trust-rounds/{id}/results")

    # Leaders do not close rounds; the facilitator does, and then nobody can answer.
    r = api(srv, f"/api/v1/trust-rounds/{rid}/close", leader, method="POST")
    assert r.status_code == 403, r.text
    contract.check(r, "/api/v1/trust-rounds/{id}/close", method="POST")
    r = api(srv, f"/api/v1/trust-rounds/{rid}/close", facilitator, method="POST")
    assert r.status_code == 200, r.text
    closed = contract.check(r, "/api/v1/trust-rounds/{id}/close", method="POST")
    assert (closed["status"], closed["answered"]) == ("closed", 4)
    late = make_token(srv, [e for e in cohort_leader_emails(srv, admin, cohort) if e not in others + [LEADER]][0])
    r = api(srv, responses, late, method="POST", json={"answers": HAND_RESPONSES[0]})
    assert r.status_code == 409, r.text
    contract.check(r, template, method="POST")

    # The results, which the leader may read too, match the figures computed by hand.
    r = api(srv, results_path, leader)
    assert r.status_code == 200, r.text
    results = contract.check(r, "/api/v1/trust-rounds/{id}/results")
    assert (results["roundId"], results["instrumentVersion"], results["minimum"]) == (rid, created["instrumentVersion"], 4)
    group = results["groups"][0]
    assert (group.get("community"), group["n"], group["suppressed"]) == (None, 4, False), group
    expected = by_hand(HAND_RESPONSES)
    for facet in FACETS:
        got = group["facets"][facet]
        assert got["mean"] == pytest.approx(expected[facet]["mean"], abs=1e-9), facet
        assert got["alpha"] == pytest.approx(expected[facet]["alpha"], abs=1e-6), facet
        assert got["ci95"] == pytest.approx(expected[facet]["ci95"], abs=1e-6), facet
    assert group["weakestFacet"] == min(FACETS, key=lambda f: expected[f]["mean"]) == "predictability"
    assert results["practices"], "no practices for the weakest facet"
    # Aggregates only: no response ids, no single answers.
    assert "response" not in json.dumps(results).lower()


# ------------------------------------------------------------------ 5. the CLI


def test_cli_analysis_of_the_admins_export_matches_the_page(server, browser, demo, tmp_path):
    winter = demo["rounds"][WINTER]
    sign_in(browser, server, ADMIN)
    browser.get(server.url + round_path(winter))
    page_means = {facet.lower(): row["Mean"] for facet, row in facet_table(browser).items()}
    assert browser.find_elements(By.LINK_TEXT, RESULTS_CSV_LINK), "the admin is not offered the results CSV"
    href = browser.find_element(By.LINK_TEXT, ITEMS_CSV_LINK).get_attribute("href")
    r = http_session_of(browser).get(href, timeout=15, allow_redirects=False)
    assert r.status_code == 200, r.status_code
    assert r.headers["Content-Type"].startswith("text/csv")
    export = tmp_path / "winter-items.csv"
    export.write_bytes(r.content)

    # The export as an analyst reads it: long form, no names or emails, 22 responses × 16 items.
    rows = parse_csv(r.text)
    assert list(rows[0].keys()) == ITEMS_CSV_HEADER
    assert len({x["response"] for x in rows}) == 22 and len(rows) == 22 * 16
    assert {x["round"] for x in rows} == {WINTER}
    assert "@" not in r.text and "Renee" not in r.text

    proc = run_trellis("trust", "analyze", str(export), "--scale", "7", "--min-n", "4", "--json", cwd=tmp_path)
    assert proc.returncode == 0, f"trust analyze exited {proc.returncode}: {proc.stderr}"
    out = json.loads(proc.stdout)
    cohort_rows = [x for x in out["results"] if x["community"] is None]
    assert len(cohort_rows) == 1, out
    row = cohort_rows[0]
    assert (row["round"], row["n"], row["suppressed"]) == (WINTER, 22, False), row
    assert f"{row['facets']['predictability']['mean']:.2f}" == page_means["predictability"], (row, page_means)
    for facet in FACETS:
        assert f"{row['facets'][facet]['mean']:.2f}" == page_means[facet], (facet, row, page_means)
    # The same mean straight from the definition: each response's facet score (reverse-keyed
    # items as 8 − value), averaged over responses.
    scores: dict[str, list[float]] = {}
    for x in rows:
        if x["facet"] == "predictability":
            value = int(x["value"])
            scores.setdefault(x["response"], []).append(8 - value if x["reverse"] == "true" else value)
    assert f"{statistics.mean(statistics.mean(s) for s in scores.values()):.2f}" == page_means["predictability"]

    # A bad value on line 3: nothing on stdout, the line named on stderr, a failing exit status.
    lines = export.read_text().splitlines()
    fields = lines[2].split(",")
    fields[ITEMS_CSV_HEADER.index("value")] = "9"
    lines[2] = ",".join(fields)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    proc = run_trellis("trust", "analyze", str(bad), "--scale", "7", "--min-n", "4", "--json", cwd=tmp_path)
    assert proc.returncode != 0, f"a value of 9 on a 7-point scale was accepted: {proc.stdout[:300]}"
    assert proc.stdout == "", f"stdout should be empty, got {proc.stdout[:300]!r}"
    assert re.search(r"\bline 3\b", proc.stderr), proc.stderr


# ------------------------------------------------------------------ 6. accessibility


def test_trust_pages_are_accessible(server, browser, second_browser, demo):
    found = {}
    spring, winter = demo["rounds"][SPRING], demo["rounds"][WINTER]

    sign_in(browser, server, LEADER)
    for label, path in [
        ("open round (leader)", round_path(spring)),
        ("answer form", round_path(spring) + "/answer"),
    ]:
        browser.get(server.url + path)
        assert path_of(browser) == path, f"{label}: landed on {path_of(browser)}"
        found[f"{label} {path}"] = structure_problems(browser) + axe_problems(browser)

    sign_in(second_browser, server, FACILITATOR)
    for label, path in [
        ("rounds page", f"/cohorts/{demo['cohort'].lower()}/trust"),
        ("closed round", round_path(winter)),
        ("open round (facilitator)", round_path(spring)),
    ]:
        second_browser.get(server.url + path)
        found[f"{label} {path}"] = structure_problems(second_browser) + axe_problems(second_browser)

    assert not any(found.values()), "accessibility problems:\n" + accessibility_report(found)
