"""Each demo role signs in through the real form and sees its own home page and navigation."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from helpers import (
    ADMIN,
    FACILITATOR,
    LEADER,
    WAIT,
    button_by_text,
    http_session_of,
    main_text,
    path_of,
    sign_in,
    to_password_step,
    sign_out,
)

ALL_NAV = ["Home", "Schools", "People", "Cohorts", "Library", "Outcomes", "Import roster", "Trust questions"]


def nav_links(browser) -> list[str]:
    links = browser.find_elements(By.CSS_SELECTOR, "header nav[aria-label='Main'] a")
    return [a.text.strip() for a in links]


def h1_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "h1").text.strip()


def stat_texts(browser) -> list[str]:
    """The admin home's counts as read aloud, e.g. ["15 schools", "23 leaders", ...]."""
    items = browser.find_elements(By.CSS_SELECTOR, "main ul.stats li")
    return [" ".join(li.text.split()) for li in items]


def section_text(browser, heading: str) -> str:
    """The text of the <section> whose h2 reads `heading`."""
    sections = browser.find_elements(
        By.XPATH, f"//main//section[.//h2[normalize-space()='{heading}']]"
    )
    assert sections, f"no section headed {heading!r}; main says:\n{main_text(browser)}"
    return sections[0].text


def test_admin_sees_the_district_overview(server, browser):
    sign_in(browser, server, ADMIN)

    assert path_of(browser) == "/"
    assert h1_text(browser) == "Bayview Unified"
    assert nav_links(browser) == ALL_NAV
    header = browser.find_element(By.TAG_NAME, "header").text
    assert "Dana Whitfield" in header

    # Other tests on the shared server may add people, so the exact counts are checked on
    # a fresh server below; schools are only ever added by the roster test's own server.
    stats = stat_texts(browser)
    assert "15 schools" in stats, stats
    assert any(s.endswith(" leaders") for s in stats), stats
    assert any(s.endswith(" facilitators") for s in stats), stats
    cohorts = section_text(browser, "Cohorts")
    assert "Bayview leaders' network (2026-27)" in cohorts


def test_admin_home_counts_match_the_demo_district(fresh_server, browser):
    # On an untouched server the counts are exactly the demo district's.
    srv = fresh_server()
    sign_in(browser, srv, ADMIN)
    stats = stat_texts(browser)
    for expected in ("15 schools", "23 leaders", "2 facilitators"):
        assert expected in stats, f"{expected!r} not on the admin's home; it shows: {stats}"


def test_facilitator_sees_the_cohorts_they_facilitate(server, browser):
    sign_in(browser, server, FACILITATOR)

    assert h1_text(browser) == "Welcome, Marisol"
    assert nav_links(browser) == ["Home", "Cohorts", "People", "Schools", "Library", "Outcomes"]

    cohorts = section_text(browser, "Cohorts you facilitate")
    assert "Bayview leaders' network (2026-27)" in cohorts
    rows = browser.find_elements(By.CSS_SELECTOR, "main section table tbody tr")
    names = [r.find_element(By.TAG_NAME, "td").text for r in rows]
    assert "Renee Carter" in names, names
    assert len(names) >= 23, f"expected the cohort's 23 leaders, saw {len(names)}: {names}"


def test_leader_sees_their_school_and_cohort(server, browser):
    sign_in(browser, server, LEADER)

    assert h1_text(browser) == "Welcome, Renee"
    links = nav_links(browser)
    assert links[:7] == ["Home", "My community", "Board", "Meetings", "Your stories", "Library", "Cohorts"], links
    assert len(links) == 8 and links[7].startswith("What's new"), links
    assert "People" not in links and "Import roster" not in links
    # Each of the leader's daily places is one click away.
    browser.find_element(By.LINK_TEXT, "Board").click()
    assert h1_text(browser) == "Root-cause board" or "board" in browser.current_url, browser.current_url
    browser.find_element(By.LINK_TEXT, "Meetings").click()
    assert browser.current_url.endswith("/meetings"), browser.current_url
    browser.find_element(By.LINK_TEXT, "Home").click()

    school = section_text(browser, "Your school")
    assert "Harbor View Elementary" in school
    assert "Principal · 6 years in the role" in school
    cohort = section_text(browser, "Your cohort")
    assert "Bayview leaders' network (2026-27)" in cohort


LEADER_REFUSED = ["/people", "/people?role=leader", "/people/new", "/roster/import", "/cohorts/new"]


def test_leader_is_refused_admin_pages(server, browser):
    sign_in(browser, server, LEADER)
    session = http_session_of(browser)
    for path in LEADER_REFUSED:
        browser.get(server.url + path)
        assert h1_text(browser) == "Forbidden", f"a leader opening {path} sees {h1_text(browser)!r}"
        assert "Your role does not give access to this." in main_text(browser)
        # Nothing of the people list leaks onto the page.
        assert "@bayview.example" not in main_text(browser), path
        # The browser cannot show the status; the same session asked directly gets a 403.
        r = session.get(server.url + path, allow_redirects=False, timeout=15)
        assert r.status_code == 403, f"GET {path} as a leader answered {r.status_code}"
    # The cohort page is open to a leader, but without the other members' emails.
    browser.get(server.url + "/")
    cohort = browser.find_element(By.PARTIAL_LINK_TEXT, "Bayview leaders' network").get_attribute("href")
    browser.get(cohort)
    assert "@bayview.example" not in main_text(browser), "a leader sees members' emails on the cohort page"


def test_wrong_password_keeps_the_email_and_explains(server, browser):
    # An account no other test signs in with, so one failure disturbs nobody.
    email = "kwame.asante@bayview.example"
    to_password_step(browser, server, email)
    browser.find_element(By.ID, "password").send_keys("not-the-password")
    button_by_text(browser, "Sign in").click()

    alert = WebDriverWait(browser, WAIT).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "[role=alert]"))
    )
    assert alert.text.startswith("That email and password do not match"), alert.text
    assert path_of(browser) == "/signin"
    assert browser.find_element(By.ID, "email").get_attribute("value") == email
    assert browser.find_element(By.ID, "password").get_attribute("value") == ""
    # Still signed out: the home page sends us back to sign in.
    browser.get(server.url + "/")
    WebDriverWait(browser, WAIT).until(lambda b: path_of(b) == "/signin")


def test_five_failures_lock_the_account_for_a_while(fresh_server, browser):
    srv = fresh_server()
    email = "leader@bayview.example"
    for attempt in range(1, 7):
        to_password_step(browser, srv, email)
        browser.find_element(By.ID, "password").send_keys(f"wrong-{attempt}")
        button_by_text(browser, "Sign in").click()
        WebDriverWait(browser, WAIT).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, "[role=alert]"))
        )
    assert "Too many failed sign-ins for this account" in browser.page_source
    # Even the right password is refused now.
    to_password_step(browser, srv, email)
    browser.find_element(By.ID, "password").send_keys(srv.password)
    button_by_text(browser, "Sign in").click()
    WebDriverWait(browser, WAIT).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[role=alert]")))
    assert "Too many failed sign-ins for this account" in browser.page_source
    assert path_of(browser) == "/signin"
    # Another account is not affected.
    sign_in(browser, srv, FACILITATOR)
    assert h1_text(browser) == "Welcome, Marisol"


@pytest.mark.parametrize("email", [ADMIN, FACILITATOR, LEADER])
def test_sign_out_returns_to_signin(server, browser, email):
    sign_in(browser, server, email)
    sign_out(browser)

    WebDriverWait(browser, WAIT).until(lambda b: path_of(b) == "/signin")
    assert browser.find_element(By.ID, "email").is_displayed()
    assert not browser.find_elements(By.XPATH, "//button[normalize-space()='Sign out']")
    # The old session is gone: home sends us back to sign in.
    browser.get(server.url + "/")
    WebDriverWait(browser, WAIT).until(lambda b: path_of(b) == "/signin")


def test_another_districts_admin_sees_nothing_of_bayview(server, browser, harbor):
    # Bayview's ids, as Bayview's admin sees them in links.
    sign_in(browser, server, ADMIN)
    browser.get(server.url + "/schools")
    school = browser.find_element(By.LINK_TEXT, "Harbor View Elementary").get_attribute("pathname")
    browser.get(server.url + "/cohorts")
    cohort = browser.find_element(By.LINK_TEXT, "Bayview leaders' network").get_attribute("pathname")
    browser.get(server.url + "/people?role=leader")
    person = browser.find_element(By.PARTIAL_LINK_TEXT, "Carter, Renee").get_attribute("pathname")
    sign_out(browser)

    sign_in(browser, server, harbor["email"], harbor["password"])
    assert h1_text(browser) == "Harbor City"
    assert "0 schools" in stat_texts(browser)
    for path in (school, cohort, person):
        browser.get(server.url + path)
        assert h1_text(browser) == "Not found", f"Harbor City's admin opened Bayview's {path}"
        r = http_session_of(browser).get(server.url + path, allow_redirects=False, timeout=15)
        assert r.status_code == 404, f"{path} answered {r.status_code}"
    for path in ("/schools", "/people", "/cohorts", "/"):
        browser.get(server.url + path)
        text = main_text(browser)
        for bayview in ("Bayview", "Harbor View Elementary", "Renee", "@bayview.example"):
            assert bayview not in text, f"Harbor City's admin sees {bayview!r} on {path}"


def test_a_person_without_a_family_name_is_listed_by_given_name(server, browser, harbor):
    # `trellis user create` without --given-name/--family-name makes given name "it" (the
    # email's local part) and an empty family name. Lists show "Family, Given".
    sign_in(browser, server, harbor["email"], harbor["password"])
    browser.get(server.url + "/people")
    names = [td.text.strip() for td in browser.find_elements(By.CSS_SELECTOR, "main table tbody tr td:first-child")]
    assert names, "Harbor City's people list is empty"
    assert all(not n.startswith(",") and not n.endswith(",") for n in names), (
        f"a name with an empty part is shown with a dangling comma: {names}"
    )
    assert "it" in names, names
