"""What a security review found (issue 6), seen from a real browser and a real socket.

- A board note written to break out of its attributes (a quote joined to a combining mark, a
  prepend character before a quote and before a tag) shows as the words typed, on every member's
  page: no element gets an injected attribute, no injected element appears, focus stays put.
- A client that gives up halfway through sending a body is not a server error in the log.
- An archived person's open browser session ends on the very next page.
"""

from __future__ import annotations

import socket
import time

from selenium.webdriver.common.by import By

from helpers import ADMIN, LEADER, main_text, sign_in, wait_for

HOSTILE = (
    'Budget "\u0301 autofocus data-injected=1 formaction=/signout x '
    '\u0600"autofocus data-injected=2 \u0600<i data-injected=3>i</i> &\u0301amp; end'
)

INJECTED = "[data-injected], [autofocus], [formaction], main i"


def open_board(browser) -> None:
    browser.find_element(By.XPATH, "//h4[starts-with(normalize-space(), 'Your community:')]/a").click()
    browser.find_element(By.LINK_TEXT, "Our inquiry").click()
    browser.find_element(By.PARTIAL_LINK_TEXT, "The root-cause board").click()


def test_a_hostile_board_note_stays_words_on_the_page(fresh_server, browser):
    srv = fresh_server()
    sign_in(browser, srv, LEADER)
    open_board(browser)
    board_url = browser.current_url.split("?")[0]
    # The words go in as typed (set directly: chromedriver's typing would split the joined characters).
    box = browser.find_element(By.ID, "text")
    browser.execute_script("arguments[0].value = arguments[1];", box, HOSTILE)
    browser.find_element(By.ID, "add-note").click()
    # The add must be saved before the page is loaded again: navigating away at once can cancel it.
    wait_for(browser, lambda b: "data-injected=1 formaction=/signout" in main_text(b))
    browser.get(board_url)

    assert browser.execute_script(f"return document.querySelectorAll('{INJECTED}').length;") == 0
    assert browser.execute_script("return document.activeElement === document.body;"), "focus moved on load"
    assert "autofocus data-injected=1 formaction=/signout" in main_text(browser), "the note shows as typed"
    assert "<i data-injected=3>i</i>" in main_text(browser)
    # Each Move and Delete control names the note in its label: the label holds the words whole.
    labels = browser.execute_script(
        "return [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'));")
    assert any(HOSTILE in label for label in labels), labels


def test_a_client_that_stops_mid_body_is_not_a_server_error(fresh_server):
    srv = fresh_server()
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as conn:
        conn.sendall(
            b"POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a")
        time.sleep(0.3)
    deadline = time.monotonic() + 5
    while "POST /signin" not in srv.log_tail(20) and time.monotonic() < deadline:
        time.sleep(0.1)
    log = srv.log_tail(20)
    assert "POST /signin 400" in log, log
    assert " error " not in log and "request failed" not in log, log


def test_an_archived_person_is_signed_out_on_the_next_page(fresh_server, browser, second_browser):
    srv = fresh_server()
    sign_in(second_browser, srv, LEADER)
    assert "Your community" in main_text(second_browser)

    sign_in(browser, srv, ADMIN)
    browser.find_element(By.LINK_TEXT, "People").click()
    browser.find_element(By.XPATH, "//main//a[contains(@href, '/people/') and contains(., 'Carter')]").click()
    browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Archive ')]").click()
    wait_for(browser, lambda d: "Archived. Their sessions and API tokens ended at once." in main_text(d))

    second_browser.refresh()
    assert "/signin" in second_browser.current_url
