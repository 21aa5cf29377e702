"""An admin imports the OneRoster CSV files through the browser: problems first, then a real import.

Runs on its own server (`fresh_server`) so the shared demo district stays as other tests expect.
"""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from helpers import ADMIN, WAIT, button_by_text, http_session_of, main_text, sign_in, wait_until_stale

FIXTURES = Path(__file__).parent / "fixtures"
FILES = ("orgs", "users", "academicSessions")

BAD_PROBLEMS = [
    'orgs.csv:4: type: "campus" is not a OneRoster org type '
    "(expected one of department, school, district, local, state, national)",
    "users.csv:3: email: required for administrators: Trellis signs leaders in by email",
    'users.csv:5: role: "principal" is not a OneRoster role '
    "(expected one of administrator, aide, guardian, parent, proctor, relative, student, teacher)",
]
VALID_LEADERS = ["Vasquez, Paloma", "Nakamura, Declan", "Okonkwo, Ifeoma", "Lindqvist, Tobias"]
VALID_SCHOOLS = ["Willow Bend Elementary", "Quarry Hill Middle School", "Summit Ridge High School, North Campus"]


def upload(browser, server, folder: str) -> None:
    """Choose the three files of `fixtures/folder` on /roster/import and press Preview."""
    browser.get(server.url + "/roster/import")
    wait = WebDriverWait(browser, WAIT)
    wait.until(EC.presence_of_element_located((By.ID, "orgs")))
    for name in FILES:
        path = (FIXTURES / folder / f"{name}.csv").resolve()
        assert path.is_file(), path
        browser.find_element(By.ID, name).send_keys(str(path))
    button = button_by_text(browser, "Preview the import")
    button.click()
    wait_until_stale(browser, button)


def preview_counts(browser) -> dict[str, dict[str, int]]:
    """The preview table as {row: {column: number}}, e.g. {"Schools": {"Create": 3, ...}}."""
    table = browser.find_element(By.CSS_SELECTOR, "main table")
    columns = [th.text.strip() for th in table.find_elements(By.CSS_SELECTOR, "thead th")][1:]
    counts: dict[str, dict[str, int]] = {}
    for row in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        label = row.find_element(By.CSS_SELECTOR, "th[scope=row]").text.strip()
        cells = [td.text.strip() for td in row.find_elements(By.TAG_NAME, "td")]
        assert len(cells) == len(columns), f"row {label!r} has {cells} for columns {columns}"
        counts[label] = {col: int(cell) for col, cell in zip(columns, cells)}
    return counts


def people_rows(browser, server, query: str = "?role=leader") -> dict[str, str]:
    """The /people table as {"Family, Given": row text}."""
    browser.get(server.url + "/people" + query)
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    return {r.find_element(By.TAG_NAME, "td").text.strip(): r.text for r in rows}


def school_names(browser, server) -> list[str]:
    browser.get(server.url + "/schools")
    return [a.text.strip() for a in browser.find_elements(By.CSS_SELECTOR, "main table tbody tr td:first-child")]


def test_roster_import_reports_problems_then_imports_and_is_idempotent(fresh_server, browser):
    srv = fresh_server()
    sign_in(browser, srv, ADMIN)
    leaders_before = people_rows(browser, srv)
    schools_before = school_names(browser, srv)

    # 1. The bad folder: every problem is listed verbatim and nothing changes.
    upload(browser, srv, "roster-bad")
    summary = WebDriverWait(browser, WAIT).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "main [role=alert]"))
    )
    assert "Nothing was imported: 3 problems to fix" in summary.text, summary.text
    shown = [li.text.strip() for li in summary.find_elements(By.CSS_SELECTOR, "li")]
    assert shown == BAD_PROBLEMS, "problem lines differ:\n" + "\n".join(shown)
    # The form is there again to upload fixed files.
    assert browser.find_element(By.ID, "orgs").is_displayed()
    # The same upload made by the same session outside the browser answers 422.
    csrf = browser.find_element(By.CSS_SELECTOR, "main form input[name=csrf]").get_attribute("value")
    files = {
        name: (f"{name}.csv", (FIXTURES / "roster-bad" / f"{name}.csv").read_bytes(), "text/csv")
        for name in FILES
    }
    r = http_session_of(browser).post(
        srv.url + "/roster/import", data={"csrf": csrf}, files=files, allow_redirects=False, timeout=15
    )
    assert r.status_code == 422, f"a bad roster upload answered {r.status_code}"

    leaders = people_rows(browser, srv)
    assert "Vasquez, Paloma" not in leaders, "a bad import created a leader"
    assert leaders.keys() == leaders_before.keys()
    assert school_names(browser, srv) == schools_before

    # 2. The valid folder: the preview says what will happen, and nothing has happened yet.
    upload(browser, srv, "roster-valid")
    WebDriverWait(browser, WAIT).until(
        EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Preview the import")
    )
    counts = preview_counts(browser)
    assert counts["Schools"] == {"Create": 3, "Update": 0, "Archive": 0, "Unchanged": 0}, counts
    assert counts["Leaders"] == {"Create": 4, "Update": 0, "Archive": 0, "Unchanged": 0}, counts
    assert "3 teachers and 5 students counted and skipped" in main_text(browser)
    # Nothing has happened yet (asked in the background so the preview page stays open).
    r = http_session_of(browser).get(srv.url + "/people?role=leader", timeout=15)
    assert r.status_code == 200
    assert "Paloma" not in r.text, "the preview already imported Paloma Vasquez"

    # 3. Confirm.
    button = button_by_text(browser, "Confirm the import")
    button.click()
    wait_until_stale(browser, button)
    WebDriverWait(browser, WAIT).until(
        EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Roster imported")
    )
    counts = preview_counts(browser)  # the result page has the same table, in the past tense
    assert counts["Schools"]["Create"] == 3 and counts["Leaders"]["Create"] == 4, counts
    assert "Imported leaders cannot sign in until you give them a password-reset link" in main_text(browser)

    leaders = people_rows(browser, srv)
    for name in VALID_LEADERS:
        assert name in leaders, f"{name} missing from /people?role=leader after the import"
    assert "Not invited yet" in leaders["Vasquez, Paloma"], leaders["Vasquez, Paloma"]
    assert "Willow Bend Elementary" in leaders["Vasquez, Paloma"]
    # Teachers and students are not people in Trellis.
    everyone = people_rows(browser, srv, "")
    for skipped in ("Bellamy, Rosalind", "Ashby, Juniper"):
        assert skipped not in everyone, f"{skipped} (not an administrator) was imported"
    schools = school_names(browser, srv)
    for name in VALID_SCHOOLS:
        assert name in schools, f"{name} missing from /schools after the import"
    assert "Harrow Creek School District" not in schools  # a district org is not a school

    # 4. The same files again: everything is unchanged, nothing is created twice.
    upload(browser, srv, "roster-valid")
    WebDriverWait(browser, WAIT).until(
        EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Preview the import")
    )
    counts = preview_counts(browser)
    assert counts["Schools"] == {"Create": 0, "Update": 0, "Archive": 0, "Unchanged": 3}, counts
    assert counts["Leaders"] == {"Create": 0, "Update": 0, "Archive": 0, "Unchanged": 4}, counts


def test_two_previews_of_the_same_files_import_once(fresh_server, browser):
    """An admin previews, opens a second tab and previews again, then confirms both."""
    srv = fresh_server()
    sign_in(browser, srv, ADMIN)
    upload(browser, srv, "roster-valid")
    first_tab = browser.current_window_handle
    assert preview_counts(browser)["Leaders"]["Create"] == 4

    browser.switch_to.new_window("tab")
    upload(browser, srv, "roster-valid")
    assert preview_counts(browser)["Leaders"]["Create"] == 4  # nothing imported yet
    button = button_by_text(browser, "Confirm the import")
    button.click()
    wait_until_stale(browser, button)
    WebDriverWait(browser, WAIT).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Roster imported"))

    browser.switch_to.window(first_tab)
    button = button_by_text(browser, "Confirm the import")
    button.click()
    wait_until_stale(browser, button)
    # The result tells what this confirmation really changed: nothing new.
    WebDriverWait(browser, WAIT).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Roster imported"))
    counts = preview_counts(browser)
    assert counts["Schools"]["Create"] == 0 and counts["Leaders"]["Create"] == 0, counts
    assert counts["Schools"]["Unchanged"] == 3 and counts["Leaders"]["Unchanged"] == 4, counts
    # And the people and schools exist once.
    leaders = [name for name in people_rows(browser, srv) if name == "Vasquez, Paloma"]
    assert len(leaders) == 1, f"Paloma Vasquez is listed {len(leaders)} times"
    schools = school_names(browser, srv)
    assert schools.count("Willow Bend Elementary") == 1, schools
