"""Smoke tests: prove the scaffold (server fixture, browser fixture) works end to end."""

import requests
from selenium.webdriver.common.by import By

from helpers import to_password_step


def test_healthz_answers_ok(server):
    r = requests.get(f"{server.url}/healthz", timeout=10)
    assert r.status_code == 200
    assert r.text.strip() == "ok"


def test_signin_page_has_heading_landmark_and_labels(server, browser):
    browser.get(f"{server.url}/signin")

    h1 = browser.find_elements(By.TAG_NAME, "h1")
    assert h1, "the sign-in page has no <h1>"
    assert h1[0].text.strip(), "the sign-in page's <h1> is empty"

    main = browser.find_elements(By.CSS_SELECTOR, "main, [role=main]")
    assert len(main) == 1, f"expected one main landmark, found {len(main)}"

    def labelled(field: str) -> None:
        assert browser.find_elements(By.ID, field), f"no input with id {field!r}"
        labels = browser.find_elements(By.CSS_SELECTOR, f"label[for={field}]")
        assert labels, f"no <label for={field}>"
        assert labels[0].text.strip(), f"<label for={field}> has no text"

    # The email first; then, for an email no district signs in for itself, the password.
    labelled("email")
    to_password_step(browser, server, "leader@bayview.example")
    labelled("email")
    labelled("password")
