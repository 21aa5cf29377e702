"""What a district admin does by hand: make a cohort and fill it (keyboard only), and let a new
person in with a one-time password-reset link opened on another device."""

from __future__ import annotations

import uuid
from urllib.parse import urlparse

import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from helpers import (
    ADMIN,
    WAIT,
    button_by_text,
    http_session_of,
    main_text,
    path_of,
    sign_in,
    wait_until_stale,
)

MAX_TABS = 80


# ------------------------------------------------------------------ keyboard helpers


def press(browser, *keys) -> None:
    """Press keys on whatever has the focus, as a person at the keyboard would."""
    ActionChains(browser).send_keys(*keys).perform()


def focused(browser):
    return browser.switch_to.active_element


def describe(element) -> str:
    tag = element.tag_name
    ident = element.get_attribute("id") or ""
    text = (element.text or element.get_attribute("value") or "").strip()[:40]
    return f"<{tag}{' id=' + ident if ident else ''}> {text!r}"


def tab_to(browser, matches, what: str) -> None:
    """Press Tab until the focused element satisfies `matches` (fails after MAX_TABS)."""
    seen = []
    for _ in range(MAX_TABS):
        press(browser, Keys.TAB)
        el = focused(browser)
        if matches(el):
            return
        seen.append(describe(el))
    raise AssertionError(f"Tab never reached {what}; focus went through:\n  " + "\n  ".join(seen))


def arrow_select(browser, select_id: str, option_starts_with: str) -> None:
    """With the <select> focused, move its choice with Home / ArrowDown until the wanted option."""
    assert focused(browser).get_attribute("id") == select_id
    select = Select(browser.find_element(By.ID, select_id))
    press(browser, Keys.HOME)
    for _ in range(len(select.options) + 1):
        if select.first_selected_option.text.startswith(option_starts_with):
            return
        press(browser, Keys.ARROW_DOWN)
    options = [o.text for o in select.options]
    raise AssertionError(f"no option of #{select_id} starts with {option_starts_with!r}: {options}")


def table_names(browser, caption_starts: str) -> list[str]:
    """First-column texts of the table whose caption starts with `caption_starts`."""
    tables = browser.find_elements(
        By.XPATH, f"//main//table[starts-with(normalize-space(caption), '{caption_starts}')]"
    )
    if not tables:
        return []
    return [r.find_element(By.TAG_NAME, "td").text.strip() for r in tables[0].find_elements(By.CSS_SELECTOR, "tbody tr")]


def add_member_by_keyboard(browser, person_option: str, role_option: str) -> None:
    """From a fresh load of the cohort page: skip link, Tab to the form, arrows, Enter."""
    browser.find_element(By.TAG_NAME, "body")  # page is loaded
    press(browser, Keys.TAB)
    assert focused(browser).text.strip() == "Skip to main content", describe(focused(browser))
    press(browser, Keys.ENTER)  # jump past the header and navigation
    tab_to(browser, lambda el: el.get_attribute("id") == "person", "the Person select")
    arrow_select(browser, "person", person_option)
    tab_to(browser, lambda el: el.get_attribute("id") == "role", "the 'Takes part as' select")
    arrow_select(browser, "role", role_option)
    tab_to(
        browser,
        lambda el: el.tag_name == "button" and el.text.strip() == "Add to cohort",
        "the 'Add to cohort' button",
    )
    button = focused(browser)
    press(browser, Keys.ENTER)
    wait_until_stale(browser, button)


# ------------------------------------------------------------------ cohort


def test_admin_creates_a_cohort_and_fills_it_by_keyboard(server, browser):
    name = f"Middle school principals {uuid.uuid4().hex[:6]}"
    sign_in(browser, server, ADMIN)
    browser.get(server.url + "/cohorts/new")

    # First a school year that is not one: the message says how to write it, the name stays.
    field = browser.find_element(By.ID, "name")
    field.send_keys(name)
    year = browser.find_element(By.ID, "schoolYear")
    year.clear()
    year.send_keys("next year")
    button = button_by_text(browser, "Create cohort")
    button.click()
    wait_until_stale(browser, button)
    assert "School year: write a school year such as 2026-27" in main_text(browser)
    assert browser.find_element(By.ID, "name").get_attribute("value") == name
    assert browser.find_element(By.ID, "schoolYear").get_attribute("value") == "next year"
    assert name not in http_session_of(browser).get(server.url + "/cohorts", timeout=15).text, (
        "the cohort was created despite the bad school year"
    )

    # Then a good one.
    year = browser.find_element(By.ID, "schoolYear")
    year.clear()
    year.send_keys("2026-27")
    button = button_by_text(browser, "Create cohort")
    button.click()
    wait_until_stale(browser, button)
    WebDriverWait(browser, WAIT).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), name))
    assert path_of(browser).startswith("/cohorts/")
    cohort_url = browser.current_url.split("?")[0]
    assert table_names(browser, "Leaders") == []
    assert table_names(browser, "Facilitators") == []

    # Add a leader, then a facilitator, with the keyboard only.
    browser.get(cohort_url)
    add_member_by_keyboard(browser, "Carter, Renee", "Leader")
    assert "Renee Carter" in table_names(browser, "Leaders"), main_text(browser)

    browser.get(cohort_url)
    add_member_by_keyboard(browser, "Asante, Kwame", "Facilitator")
    assert "Kwame Asante" in table_names(browser, "Facilitators"), main_text(browser)
    assert table_names(browser, "Leaders") == ["Renee Carter"]

    # Both show on the cohort list too.
    browser.get(server.url + "/cohorts")
    row = browser.find_element(By.XPATH, f"//main//table//tr[td/a[normalize-space()='{name}']]")
    cells = [td.text.strip() for td in row.find_elements(By.TAG_NAME, "td")]
    assert cells[1:] == ["2026-27", "1", "Kwame Asante"], cells


# ------------------------------------------------------------------ password-reset link


def make_reset_link(browser, person_url: str) -> str:
    """On the person's page, press "Make a password-reset link" and read the link shown."""
    browser.get(person_url)
    button = button_by_text(browser, "Make a password-reset link")
    button.click()
    wait_until_stale(browser, button)
    link_input = WebDriverWait(browser, WAIT).until(EC.presence_of_element_located((By.ID, "reset-link")))
    assert link_input.get_attribute("readonly") is not None, "the link field should be read-only"
    return link_input.get_attribute("value")


def test_new_person_sets_a_password_with_a_reset_link(server, browser, second_browser):
    suffix = uuid.uuid4().hex[:8]
    email = f"ines.delgado.{suffix}@bayview.example"
    new_password = f"tide-pool-{suffix}-lantern"

    sign_in(browser, server, ADMIN)
    browser.get(server.url + "/people/new")

    # A first try with mistakes: nothing is saved and what was typed stays.
    browser.find_element(By.ID, "givenName").send_keys("Ines")
    browser.find_element(By.ID, "familyName").send_keys("Delgado")
    browser.find_element(By.ID, "email").send_keys("leader@bayview.example")  # taken
    Select(browser.find_element(By.ID, "role")).select_by_visible_text("Leader")
    Select(browser.find_element(By.ID, "school")).select_by_visible_text("Harbor View Elementary")
    Select(browser.find_element(By.ID, "position")).select_by_visible_text("Assistant principal")
    browser.find_element(By.ID, "yearsInRole").send_keys("2")
    button = button_by_text(browser, "Add person")
    button.click()
    wait_until_stale(browser, button)
    alert = browser.find_element(By.CSS_SELECTOR, "main [role=alert]")
    assert "Nothing was saved yet" in alert.text
    assert "leader@bayview.example" in alert.text  # says which email is taken
    assert browser.find_element(By.ID, "givenName").get_attribute("value") == "Ines"
    assert browser.find_element(By.ID, "familyName").get_attribute("value") == "Delgado"
    assert Select(browser.find_element(By.ID, "school")).first_selected_option.text == "Harbor View Elementary"
    assert Select(browser.find_element(By.ID, "position")).first_selected_option.text == "Assistant principal"
    assert browser.find_element(By.ID, "yearsInRole").get_attribute("value") == "2"

    # Fix the email and save.
    field = browser.find_element(By.ID, "email")
    field.clear()
    field.send_keys(email)
    button = button_by_text(browser, "Add person")
    button.click()
    wait_until_stale(browser, button)
    WebDriverWait(browser, WAIT).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Ines Delgado"))
    person_url = browser.current_url.split("?")[0]

    # Like an imported leader, the new person cannot sign in yet.
    browser.get(server.url + "/people?role=leader")
    row = browser.find_element(By.XPATH, f"//main//table//tr[td[normalize-space()='{email}']]")
    assert "Not invited yet" in row.text, row.text

    # Make a link, then another one: only the newest works.
    first_link = make_reset_link(browser, person_url)
    link = make_reset_link(browser, person_url)
    assert link != first_link
    parsed = urlparse(link)
    assert f"{parsed.scheme}://{parsed.netloc}" == server.url, link
    assert parsed.path == "/reset" and parsed.query.startswith("token="), link

    # The person opens it on their own device: no cookies, nobody signed in.
    other = second_browser
    other.delete_all_cookies()
    other.get(first_link)
    assert "This password-reset link is not valid" in main_text(other), "an earlier link still works"
    other.get(link)
    WebDriverWait(other, WAIT).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Set your password"))
    other.find_element(By.ID, "password").send_keys(new_password)
    other.find_element(By.ID, "confirmation").send_keys(new_password)
    button = button_by_text(other, "Set password")
    button.click()
    wait_until_stale(other, button)
    WebDriverWait(other, WAIT).until(lambda b: path_of(b) == "/signin")
    assert "done=reset" in other.current_url
    assert "Your new password is set" in main_text(other)

    sign_in(other, server, email, new_password)
    WebDriverWait(other, WAIT).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Welcome, Ines"))
    assert "Harbor View Elementary" in main_text(other)

    # The link was for one use only.
    other.delete_all_cookies()
    other.get(link)
    assert "This password-reset link is not valid" in main_text(other)
    assert not other.find_elements(By.ID, "confirmation")
    r = requests.get(link, timeout=15, allow_redirects=False)
    assert r.status_code == 404, f"a used reset link answered {r.status_code}"

    # And the admin now sees that the person can sign in.
    browser.get(server.url + "/people?role=leader")
    row = browser.find_element(By.XPATH, f"//main//table//tr[td[normalize-space()='{email}']]")
    assert "Not invited yet" not in row.text, row.text


# ------------------------------------------------------------------ forms that must not be forged


def test_a_form_without_its_csrf_token_saves_nothing(server, browser):
    sign_in(browser, server, ADMIN)
    # Every form that posts carries the token.
    for path in ("/", "/cohorts/new", "/people/new", "/roster/import"):
        browser.get(server.url + path)
        for form in browser.find_elements(By.CSS_SELECTOR, "form[method=post]"):
            tokens = form.find_elements(By.CSS_SELECTOR, "input[type=hidden][name=csrf]")
            assert len(tokens) == 1 and tokens[0].get_attribute("value"), (
                f"a form on {path} posting to {form.get_attribute('action')} has no csrf token"
            )

    # A form whose token went missing (as from a stale or forged page) is refused.
    name = f"Forged {uuid.uuid4().hex[:6]}"
    browser.get(server.url + "/cohorts/new")
    browser.find_element(By.ID, "name").send_keys(name)
    browser.execute_script("document.querySelector('main form input[name=csrf]').remove()")
    button = button_by_text(browser, "Create cohort")
    button.click()
    wait_until_stale(browser, button)
    assert "This form was out of date, so nothing was saved" in main_text(browser)
    r = http_session_of(browser).post(server.url + "/cohorts", data={"name": name, "schoolYear": "2026-27"},
                                      allow_redirects=False, timeout=15)
    assert r.status_code == 403
    # Someone else's token does not do either.
    other = requests.Session()
    page = other.get(server.url + "/signin", timeout=15).text
    foreign = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    r = http_session_of(browser).post(server.url + "/cohorts",
                                      data={"csrf": foreign, "name": name, "schoolYear": "2026-27"},
                                      allow_redirects=False, timeout=15)
    assert r.status_code == 403, f"a token from another session was accepted ({r.status_code})"

    browser.get(server.url + "/cohorts")
    assert name not in main_text(browser), "a cohort was created without a valid csrf token"


def test_names_are_shown_as_typed_not_as_html(server, browser):
    name = f'<img src=x onerror="document.title=1"> & "Co" {uuid.uuid4().hex[:4]}'
    sign_in(browser, server, ADMIN)
    browser.get(server.url + "/cohorts/new")
    browser.find_element(By.ID, "name").send_keys(name)
    button = button_by_text(browser, "Create cohort")
    button.click()
    wait_until_stale(browser, button)
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    assert not browser.find_elements(By.CSS_SELECTOR, "main img"), "the name was rendered as HTML"
    browser.get(server.url + "/cohorts")
    assert name in main_text(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, "main img")
