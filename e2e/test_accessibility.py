"""Accessibility of the main pages, per role: axe-core finds no serious or critical violations,
each page has one h1 and a main landmark, and the first Tab lands on the skip link.

Every page a role can open is checked in one browser per role; all findings are collected and
reported together, page by page, so one run shows everything there is to fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from helpers import (
    ADMIN,
    BAYVIEW_NETWORK,
    FACILITATOR,
    LEADER,
    WAIT,
    accessibility_report,
    axe_problems,
    button_by_text,
    sign_in,
    to_password_step,
    structure_problems,
    wait_until_stale,
    xpath_literal,
)

FIXTURES = Path(__file__).parent / "fixtures"

# What each role opens. A leader opening /people sees the "Forbidden" page: that page must be
# accessible too.
PAGES = {
    "admin": ["/", "/schools", "/people", "/people?role=leader", "{cohort}", "/roster/import",
              "/cohorts/new", "/people/new", "/library", "/library/import", "/settings/traits", "{cohort}/practice",
              "/outcomes", "/outcomes/import", "/settings/outcomes", "/settings/sign-in", "/account"],
    "facilitator": ["/", "/schools", "/people", "{cohort}", "/library?q=trust&kind=reading", "/library/new",
                    "{cohort}/practice"],
    "leader": ["/", "/schools", "/people", "{cohort}", "/library", "{cohort}/playlist", "/outcomes"],
}
EMAILS = {"admin": ADMIN, "facilitator": FACILITATOR, "leader": LEADER}


# ------------------------------------------------------------------ checks


def skip_link_problems(browser) -> list[str]:
    """Fresh page load, one Tab: focus must be on a visible "Skip to main content" link to main."""
    ActionChains(browser).send_keys(Keys.TAB).perform()
    el = browser.switch_to.active_element
    text = (el.text or "").strip()
    if el.tag_name != "a" or text != "Skip to main content":
        return [f"the first Tab reached <{el.tag_name}> {text!r}, not the 'Skip to main content' link"]
    problems = []
    if not el.is_displayed():
        problems.append("the skip link is not visible when focused")
    href = el.get_attribute("href") or ""
    target_id = href.split("#", 1)[1] if "#" in href else ""
    main_ids = [m.get_attribute("id") for m in browser.find_elements(By.CSS_SELECTOR, "main, [role=main]")]
    if not target_id or target_id not in main_ids:
        problems.append(f"the skip link points to {href!r}, not to the main landmark (ids {main_ids})")
    return problems


def check_page(browser, url: str, *, skip_link: bool = True) -> list[str]:
    browser.get(url)
    WebDriverWait(browser, WAIT).until(EC.presence_of_element_located((By.TAG_NAME, "body")))
    return page_problems(browser, skip_link=skip_link)


def page_problems(browser, *, skip_link: bool = True) -> list[str]:
    problems = structure_problems(browser)
    if skip_link:
        problems += skip_link_problems(browser)
    problems += axe_problems(browser)
    return problems


def cohort_path(browser, server) -> str:
    browser.get(server.url + "/cohorts")
    link = browser.find_element(By.XPATH, f"//main//a[normalize-space()={xpath_literal(BAYVIEW_NETWORK)}]")
    return link.get_attribute("pathname")


# ------------------------------------------------------------------ tests


def test_signin_page_is_accessible(server, browser):
    found = {"/signin": check_page(browser, server.url + "/signin")}

    # The password step, then the page after a failed sign-in (alert shown, email kept).
    to_password_step(browser, server, "nobody@bayview.example")
    found["/signin, the password step"] = page_problems(browser, skip_link=False)
    browser.find_element(By.ID, "password").send_keys("wrong password")
    button = button_by_text(browser, "Sign in")
    button.click()
    wait_until_stale(browser, button)
    found["/signin after a wrong password"] = page_problems(browser, skip_link=False)

    assert not any(found.values()), "accessibility problems:\n" + accessibility_report(found)


def test_skip_link_moves_focus_to_main(server, browser):
    browser.get(server.url + "/signin")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.text.strip() == "Skip to main content"
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    active = browser.switch_to.active_element
    assert active.tag_name == "main", f"after the skip link, focus is on <{active.tag_name}>"
    # And the next Tab goes into the page's content (the sign-in form), not back to the header.
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "email"


@pytest.mark.parametrize("role", ["admin", "facilitator", "leader"])
def test_role_pages_are_accessible(server, browser, role):
    sign_in(browser, server, EMAILS[role])
    cohort = cohort_path(browser, server)
    found = {}
    for page in PAGES[role]:
        path = page.format(cohort=cohort)
        found[path] = check_page(browser, server.url + path)
    assert not any(found.values()), f"accessibility problems for the {role}:\n" + accessibility_report(found)


def test_pages_with_errors_are_accessible(server, browser):
    """The states where an admin must find and fix something: form errors and import problems."""
    sign_in(browser, server, ADMIN)
    found = {}

    browser.get(server.url + "/cohorts/new")
    browser.find_element(By.ID, "name").send_keys("Accessibility check")
    year = browser.find_element(By.ID, "schoolYear")
    year.clear()
    year.send_keys("someday")
    button = button_by_text(browser, "Create cohort")
    button.click()
    wait_until_stale(browser, button)
    found["/cohorts/new with a bad school year"] = page_problems(browser, skip_link=False)

    browser.get(server.url + "/people/new")
    browser.find_element(By.ID, "givenName").send_keys("Taken")
    browser.find_element(By.ID, "familyName").send_keys("Email")
    browser.find_element(By.ID, "email").send_keys(LEADER)
    button = button_by_text(browser, "Add person")
    button.click()
    wait_until_stale(browser, button)
    found["/people/new with a taken email"] = page_problems(browser, skip_link=False)

    # A bad roster changes nothing, so it is safe on the shared server.
    browser.get(server.url + "/roster/import")
    for name in ("orgs", "users", "academicSessions"):
        browser.find_element(By.ID, name).send_keys(str((FIXTURES / "roster-bad" / f"{name}.csv").resolve()))
    button = button_by_text(browser, "Preview the import")
    button.click()
    wait_until_stale(browser, button)
    found["/roster/import with problems"] = page_problems(browser, skip_link=False)

    assert not any(found.values()), "accessibility problems:\n" + accessibility_report(found)
