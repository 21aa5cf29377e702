"""The root-cause board by keyboard only (issue 5's acceptance list): once the board is open, no
mouse and no element clicks, only keys pressed on whatever has the focus.

- The first Tab reaches a visible "Skip to main content" link; Enter moves the focus to <main>.
- A leader tabs from "Our inquiry" past the history and download links straight to "Add a note"
  (the form comes before the notes), types a root cause, picks Skills in the "In" menu with the
  arrow keys and adds it with Enter: it shows in the Skills section, whose heading counts it, the
  status line says "Note added." and the focus is back in the empty box for the next note.
- The leader tabs on through the notes' controls (every menu and button named for its note) to the
  new note's own "Move … to" menu, picks Dispositions with the arrows and presses Space on its
  "Move" button: the note is under Dispositions, the status says so, and the focus is on the same
  note's menu in its new place.
- The skip link, the note box, the menus and the buttons show a visible focus ring when tabbed to
  (an outline or a box shadow, on screen).
- A facilitator locks the board by keyboard while a leader is typing a note: the leader's page
  shows the lock without a reload, keeps the typed words and the focus in the box, and "Add note"
  then says the board is locked, with the words still there.
"""

from __future__ import annotations

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from helpers import FACILITATOR, LEADER, WAIT, api, fire_drag, make_token, sign_in

MAX_TABS = 80
NOTE = "Our family nights start before parents can leave work"
LOCKED = "The facilitator has locked the board, so your change was not made."

# What the focused element is, as a person with a screen reader would hear it (a rough accessible
# name: aria-label, else its <label>, else its text), and how its focus is drawn.
FOCUS_JS = """
const e = document.activeElement;
const css = getComputedStyle(e);
const label = e.labels && e.labels.length ? e.labels[0].textContent : null;
const rect = e.getBoundingClientRect();
return {
  tag: e.tagName.toLowerCase(), id: e.id, value: e.value === undefined ? null : e.value,
  name: (e.getAttribute('aria-label') || label || (e === document.body ? '' : e.textContent) || '').trim(),
  outline: css.outlineStyle, shadow: css.boxShadow,
  onScreen: rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.bottom > 0
    && rect.left < innerWidth && rect.top < innerHeight,
  inBoard: !!e.closest('#board'), inMain: !!e.closest('main'),
};
"""


# ------------------------------------------------------------------ keyboard helpers


def press(browser, *keys) -> None:
    """Press keys on whatever has the focus, as a person at the keyboard would."""
    ActionChains(browser).send_keys(*keys).perform()


def focus(browser) -> dict:
    return browser.execute_script(FOCUS_JS)


def describe(f: dict) -> str:
    return f"<{f['tag']}{' id=' + f['id'] if f['id'] else ''}> {f['name'][:60]!r}"


def tab_to(browser, matches, what: str) -> list[dict]:
    """Press Tab until the focused element satisfies `matches`; returns the stops passed on the way."""
    seen = []
    for _ in range(MAX_TABS):
        press(browser, Keys.TAB)
        f = focus(browser)
        if matches(f):
            return seen
        seen.append(f)
    raise AssertionError(f"Tab never reached {what}; focus went through:\n  " + "\n  ".join(map(describe, seen)))


def arrow_to(browser, value: str) -> None:
    """With a <select> focused, press Home then ArrowDown until its value is `value`."""
    press(browser, Keys.HOME)
    for _ in range(8):
        if focus(browser)["value"] == value:
            return
        press(browser, Keys.ARROW_DOWN)
    raise AssertionError(f"the arrow keys never chose {value!r} in {describe(focus(browser))}")


def assert_focus_visible(f: dict) -> None:
    drawn = f["outline"] != "none" or f["shadow"] not in ("", "none")
    assert drawn, f"{describe(f)} has no visible focus (outline {f['outline']}, box-shadow {f['shadow']})"
    assert f["onScreen"], f"{describe(f)} has the focus but is not on screen"


def wait_for(browser, condition):
    return WebDriverWait(browser, WAIT, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def board_says(text: str):
    """A wait condition: the board shows `text` and nothing is still on its way."""
    return lambda d: text in d.find_element(By.ID, "board").text and settled(d)


def bucket(browser, name: str):
    """The board's section for bucket `name` (e.g. "skills"), found by its heading."""
    return browser.find_element(By.CSS_SELECTOR, f"section[aria-labelledby='bucket-{name}']")


def bucket_heading(browser, name: str) -> str:
    return browser.find_element(By.ID, f"bucket-{name}").text


def notes_in(browser, name: str) -> list[str]:
    return [p.text for p in bucket(browser, name).find_elements(By.CSS_SELECTOR, "li.note p.written")]


def board_url(srv) -> str:
    community = api(srv, "/api/v1/me", make_token(srv, LEADER)).json()["communityId"].lower()
    return f"{srv.url}/communities/{community}/board"


# Counts the page's requests in flight (the form posts and the live refreshes), so a test can wait
# until the board has settled: one's own change comes back over the WebSocket too, and may start a
# second refresh that lands after the first.
COUNT_FETCHES_JS = """
if (!window.__inFlight) {
  window.__inFlight = 0;
  const fetch = window.fetch;
  window.fetch = function () {
    window.__inFlight++;
    return fetch.apply(this, arguments).finally(() => window.__inFlight--);
  };
}
"""


def open_board(browser, url: str) -> None:
    browser.get(url)
    wait_for(browser, lambda d: d.find_element(By.ID, "board"))
    browser.execute_script(COUNT_FETCHES_JS)


def settled(browser) -> bool:
    """No post or refresh of the board is under way."""
    return browser.execute_script("return window.__inFlight === 0")


def skip_to_main(browser) -> None:
    """First Tab on a fresh page: the visible skip link; Enter moves the focus to <main>."""
    press(browser, Keys.TAB)
    f = focus(browser)
    assert f["tag"] == "a" and f["name"] == "Skip to main content", f"first Tab reached {describe(f)}"
    assert_focus_visible(f)
    press(browser, Keys.ENTER)
    f = focus(browser)
    assert f["tag"] == "main" and f["id"] == "main", f"after the skip link, focus is on {describe(f)}"


def note_controls_are_named(stops: list[dict]) -> None:
    """Every Tab stop among the notes is a note's control, named for its note."""
    for f in stops:
        ok = (f["tag"] == "select" and f["name"].startswith("Move “") and f["name"].endswith("” to")) or (
            f["tag"] == "button" and (f["name"].startswith("Move “") or f["name"].startswith("Delete “"))
        )
        assert ok and f["inBoard"], f"unexpected Tab stop among the notes: {describe(f)}"


# ------------------------------------------------------------------ tests


def test_a_leader_adds_and_sorts_a_note_by_keyboard_only(fresh_server, browser):
    srv = fresh_server()
    url = board_url(srv)
    sign_in(browser, srv, LEADER)
    open_board(browser, url)
    skills_before = len(notes_in(browser, "skills"))
    # From here on: keys only.
    skip_to_main(browser)

    press(browser, Keys.TAB)
    f = focus(browser)
    assert f["tag"] == "a" and f["name"] == "Our inquiry", f"first Tab in main reached {describe(f)}"
    stops = tab_to(browser, lambda f: f["id"] == "text", "the 'Add a note' box")
    assert all(f["tag"] == "a" and not f["inBoard"] for f in stops), (
        "only the links above the board come before 'Add a note': " + ", ".join(map(describe, stops))
    )
    f = focus(browser)
    assert f["name"] == "Add a note"
    assert_focus_visible(f)
    press(browser, NOTE)

    press(browser, Keys.TAB)
    f = focus(browser)
    assert f["id"] == "bucket" and f["name"] == "In", f"Tab after the note box reached {describe(f)}"
    assert_focus_visible(f)
    arrow_to(browser, "skills")
    press(browser, Keys.TAB)
    f = focus(browser)
    assert f["tag"] == "button" and f["name"] == "Add note", describe(f)
    assert_focus_visible(f)
    press(browser, Keys.ENTER)

    wait_for(browser, lambda d: NOTE in notes_in(d, "skills") and settled(d))
    assert bucket_heading(browser, "skills") == f"Skills ({skills_before + 1})"
    assert browser.find_element(By.ID, "text").get_attribute("value") == "", "the box is empty again"
    assert browser.find_element(By.ID, "board-status").get_attribute("textContent") == "Note added."
    f = focus(browser)
    assert f["id"] == "text", f"after adding a note the focus is on {describe(f)}, not back in the box"

    # On through the notes to the new note's own menu: every stop is named for its note.
    menu = f"Move “{NOTE}” to"
    press(browser, Keys.TAB, Keys.TAB)
    assert focus(browser)["name"] == "Add note"
    stops = tab_to(browser, lambda f: f["name"] == menu, f"the {menu!r} menu")
    note_controls_are_named(stops)
    f = focus(browser)
    assert_focus_visible(f)
    moved_id = f["id"]
    arrow_to(browser, "dispositions")
    press(browser, Keys.TAB)
    f = focus(browser)
    assert f["tag"] == "button" and f["name"] == f"Move “{NOTE}”", f"Tab after the Move menu reached {describe(f)}"
    assert_focus_visible(f)
    press(browser, Keys.SPACE)

    wait_for(browser, lambda d: NOTE in notes_in(d, "dispositions") and settled(d))
    assert NOTE not in notes_in(browser, "skills")
    assert bucket_heading(browser, "skills") == f"Skills ({skills_before})"
    assert browser.find_element(By.ID, "board-status").get_attribute("textContent") == "Note moved to Dispositions."
    f = focus(browser)
    assert f["id"] == moved_id and f["name"] == menu, f"after the move the focus is on {describe(f)}"
    assert browser.find_element(By.ID, moved_id).find_element(By.XPATH, "ancestor::section").get_attribute(
        "aria-labelledby"
    ) == "bucket-dispositions", "the focused menu is the note's, in its new bucket"


def test_a_locked_board_keeps_the_note_a_leader_was_typing(fresh_server, browser, second_browser):
    srv = fresh_server()
    url = board_url(srv)
    draft = "Nobody owns the calendar of family events"
    sign_in(browser, srv, LEADER)
    open_board(browser, url)
    sign_in(second_browser, srv, FACILITATOR)
    open_board(second_browser, url)

    # The leader starts a note.
    skip_to_main(browser)
    tab_to(browser, lambda f: f["id"] == "text", "the 'Add a note' box")
    press(browser, draft)

    # The facilitator locks the board from the keyboard.
    skip_to_main(second_browser)
    tab_to(second_browser, lambda f: f["tag"] == "button" and f["name"] == "Lock the board", "'Lock the board'")
    assert_focus_visible(focus(second_browser))
    press(second_browser, Keys.ENTER)
    wait_for(second_browser, board_says("The facilitator has locked the board."))
    f = focus(second_browser)
    assert f["name"] == "Unlock the board", f"after locking, the focus is on {describe(f)}"

    # The leader's page shows the lock by itself; the words and the focus stay in the box.
    wait_for(browser, board_says("The facilitator has locked the board."))
    assert not browser.find_elements(By.CSS_SELECTOR, "#board li.note select"), "no Move menus on a locked board"
    f = focus(browser)
    assert f["id"] == "text" and f["value"] == draft, f"after the live update, focus is on {describe(f)}"

    press(browser, Keys.TAB)
    assert focus(browser)["id"] == "bucket"
    press(browser, Keys.TAB)
    f = focus(browser)
    assert f["tag"] == "button" and f["name"] == "Add note", describe(f)
    press(browser, Keys.ENTER)

    wait_for(browser, board_says("Nothing was saved yet"))
    assert LOCKED in browser.find_element(By.ID, "text-error").text
    box = browser.find_element(By.ID, "text")
    assert box.get_attribute("value") == draft, "the typed note is kept"
    assert box.get_attribute("aria-invalid") == "true" and box.get_attribute("aria-describedby") == "text-error"
    assert draft not in " ".join(p.text for p in browser.find_elements(By.CSS_SELECTOR, "li.note p.written"))
    f = focus(browser)
    assert f["id"] == "text", f"after the refusal the focus is on {describe(f)}, not back in the box"


def test_a_note_is_dragged_to_a_bucket_and_the_timer_counts_down(fresh_server, browser, second_browser):
    srv = fresh_server()
    url = board_url(srv)
    sign_in(browser, srv, LEADER)
    open_board(browser, url)
    browser.execute_script("window.__notReloaded = true;")
    note = bucket(browser, "unsorted").find_element(By.CSS_SELECTOR, "li.note[draggable='true']")
    text = note.find_element(By.CSS_SELECTOR, "p.written").text
    fire_drag(browser, note, bucket(browser, "skills"))
    wait_for(browser, lambda d: text in notes_in(d, "skills") and settled(d))
    assert text not in notes_in(browser, "unsorted")
    assert browser.execute_script("return window.__notReloaded === true;"), "the drop reloaded the page"

    # The facilitator sets a timer; the leader's open page counts it down second by second.
    sign_in(second_browser, srv, FACILITATOR)
    open_board(second_browser, url)
    minutes = second_browser.find_element(By.ID, "minutes")
    minutes.clear()
    minutes.send_keys("2")
    second_browser.find_element(By.ID, "board-timer").click()
    wait_for(browser, lambda d: " left (until " in d.find_element(By.ID, "board-timer-left").text)
    first = browser.find_element(By.ID, "board-timer-left").text
    wait_for(browser, lambda d: d.find_element(By.ID, "board-timer-left").text not in (first, ""))
    assert browser.find_element(By.ID, "board-timer-left").text.startswith("Timer: 1:")
