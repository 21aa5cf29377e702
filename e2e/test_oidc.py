"""Signing in with the district's own accounts (OpenID Connect), against a real provider started here:
oidc-provider-mock behind a pass-through that also checks PKCE and the client secret (oidc_provider.py).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import requests
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from helpers import (
    WAIT,
    add_district,
    button_by_text,
    main_text,
    path_of,
    signed_in_session,
    trellis_binary,
    trellis_cli,
)
from oidc_provider import CheckingProxy, authorize_in_browser, set_user, start_oidc_provider, stop_oidc_provider

SECRET = "client-secret-of-the-tests"
LEADER = "leader@bayview.example"
ADMIN = "admin@bayview.example"


@pytest.fixture(scope="module")
def provider():
    mock = start_oidc_provider()
    proxy = CheckingProxy(mock, SECRET)
    try:
        yield proxy
    finally:
        proxy.stop()
        stop_oidc_provider(mock)


def connect(server, provider, *extra: str, secret: str = SECRET, domains: str = "bayview.example") -> str:
    secret_file = Path(server.tmpdir) / "client-secret"
    secret_file.write_text(secret + "\n")  # the trailing newline is trimmed
    return trellis_cli(
        server, "district", "sso", "--district", "bayview", "--issuer", provider.issuer, "--client-id", "trellis",
        "--client-secret-file", str(secret_file), "--domains", domains, *extra,
    ).stdout


def csrf_of(session: requests.Session, url: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', session.get(url, timeout=15).text)
    assert match, f"no CSRF field on {url}"
    return match.group(1)


def through_provider(server, provider, email: str, sub: str) -> tuple[requests.Session, requests.Response, str]:
    """The flow a browser makes, with requests: email, the provider's form as `sub`, back to Trellis.
    Returns the session, Trellis's answer to the callback, and the callback's address."""
    session = requests.Session()
    token = csrf_of(session, server.url + "/signin")
    begin = session.post(server.url + "/signin/oidc", data={"csrf": token, "email": email},
                         allow_redirects=False, timeout=15)
    assert begin.status_code == 303, (begin.status_code, begin.text[:300])
    authorize = begin.headers["Location"]
    assert authorize.startswith(provider.issuer + "/oauth2/authorize?")
    assert "code_challenge_method=S256" in authorize and "state=" in authorize and "nonce=" in authorize
    back = session.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=15)
    assert back.status_code in (302, 303), (back.status_code, back.text[:300])
    callback = back.headers["Location"]
    assert callback.startswith(server.url + "/signin/oidc/callback?")
    return session, session.get(callback, allow_redirects=False, timeout=15), callback


def test_a_leader_signs_in_with_the_district_account_in_the_browser(fresh_server, provider, browser):
    server = fresh_server()
    printed = connect(server, provider)
    assert "Register this redirect URI" in printed and "/signin/oidc/callback" in printed and SECRET not in printed
    set_user(provider, "leader-7", {"email": "Leader@Bayview.example", "email_verified": True})
    checked_before = provider.checked

    browser.get(server.url + "/signin")
    field = WebDriverWait(browser, WAIT).until(EC.presence_of_element_located((By.ID, "email")))
    field.send_keys(LEADER)
    button_by_text(browser, "Continue").click()
    # The page is replaced after Continue: a <main> read while it goes is stale, and read again.
    WebDriverWait(browser, WAIT, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: "Continue with Bayview Unified's account" in b.find_element(By.TAG_NAME, "main").text)
    button_by_text(browser, "Continue with Bayview Unified's account").click()
    authorize_in_browser(browser, "leader-7")
    WebDriverWait(browser, WAIT).until(lambda b: path_of(b) == "/")
    assert provider.checked == checked_before + 1, "the token request passed the PKCE and secret checks"

    browser.get(server.url + "/account")
    text = main_text(browser)
    assert "With Bayview Unified's own accounts" in text and "your account there is linked" in text
    log = server.log_tail(400)
    assert SECRET not in log and "eyJ" not in log, "no secret and no token in the log"


REFUSALS = [
    # (claims for the provider's user, what the page says); each typed with an email of its own, since
    # failures count toward the typed email as wrong passwords do
    ({"email": "nobody@bayview.example", "email_verified": True}, "no Trellis account with that email"),
    ({"email": LEADER, "email_verified": False}, "not verified"),
    ({"email": LEADER, "email_verified": True, "aud": "someone-else"}, "could not confirm"),
    ({"email": LEADER, "email_verified": True, "iss": "http://127.0.0.1:9/elsewhere"}, "could not confirm"),
    ({"email": LEADER, "email_verified": True, "nonce": "replayed-nonce"}, "could not confirm"),
    ({"email": LEADER, "email_verified": True, "exp": 1_000_000_000}, "expired"),
    ({"email": "admin@harbor.example", "email_verified": True}, "belongs to another district"),
]


def test_every_refusal_says_what_happened_and_changes_nothing(fresh_server, provider):
    server = fresh_server()
    add_district(server, name="Harbor City", slug="harbor", email="admin@harbor.example", role="admin",
                 password="harbor-admin-password")
    connect(server, provider)
    for index, (claims, says) in enumerate(REFUSALS):
        set_user(provider, f"refused-{index}", claims)
        session, answer, callback = through_provider(server, provider, f"typed-{index}@bayview.example",
                                                     f"refused-{index}")
        assert answer.status_code == 403, (says, answer.status_code)
        assert "Trellis did not sign you in" in answer.text and says in answer.text, (says, answer.text[:600])
        assert "trellis_session" not in session.cookies, says
        assert session.get(server.url + "/", allow_redirects=False, timeout=15).status_code in (302, 303)
    again = session.get(callback, allow_redirects=False, timeout=15)
    assert again.status_code == 400 and "already used" in again.text, "a state works once"
    tampered = re.sub(r"state=[^&]+", "state=made-up-by-someone", callback)
    forged = session.get(tampered, allow_redirects=False, timeout=15)
    assert forged.status_code == 400 and "already used" in forged.text, "a state Trellis never gave is refused"
    log = server.log_tail(600)
    assert "sign-in with the district's provider refused" in log and "wrong-audience" in log
    assert SECRET not in log and "eyJ" not in log, "no secret and no token in the log"


def test_refusals_count_toward_the_sign_in_limit(fresh_server, provider):
    server = fresh_server()
    connect(server, provider)
    set_user(provider, "unverified", {"email": LEADER, "email_verified": False})
    for _ in range(5):
        _, answer, _ = through_provider(server, provider, LEADER, "unverified")
        assert answer.status_code == 403
    session = requests.Session()
    token = csrf_of(session, server.url + "/signin")
    locked = session.post(server.url + "/signin/oidc", data={"csrf": token, "email": LEADER},
                          allow_redirects=False, timeout=15)
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.text
    password = session.post(server.url + "/signin", data={"csrf": token, "email": LEADER, "password": server.password},
                            allow_redirects=False, timeout=15)
    assert password.status_code == 429, "the same limit holds for the password form"


def test_a_wrong_client_secret_or_issuer_is_refused(fresh_server, provider):
    server = fresh_server()
    connect(server, provider, secret="not-the-secret")
    set_user(provider, "leader-secret", {"email": LEADER, "email_verified": True})
    _, answer, _ = through_provider(server, provider, LEADER, "leader-secret")
    assert answer.status_code == 403 and "could not finish signing you in" in answer.text

    # The admin's settings page: a wrong issuer is refused with the reason, and what was typed stays.
    admin = signed_in_session(server, ADMIN)
    page = admin.get(server.url + "/settings/sign-in", timeout=15)
    assert page.status_code == 200 and "not-the-secret" not in page.text and "Connected." in page.text
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    wrong = admin.post(server.url + "/settings/sign-in", data={
        "csrf": token, "issuer": provider.issuer + "/", "client_id": "trellis-2", "client_secret": "",
        "domains": "bayview.example", "password_sign_in": "everyone"}, timeout=15)
    assert wrong.status_code == 422 and "calls itself" in wrong.text and 'value="trellis-2"' in wrong.text
    assert 'value="trellis"' not in wrong.text.split('id="client_id"')[1][:200]
    leader = signed_in_session(server, LEADER)
    assert leader.get(server.url + "/settings/sign-in", timeout=15).status_code == 403

    # The command refuses the same way, naming its flag, and prints no secret.
    (Path(server.tmpdir) / "secret-2").write_text("cli-secret-value\n")
    refused = subprocess.run(
        [trellis_binary(), "district", "sso", "--district", "bayview", "--issuer", provider.issuer + "/",
         "--client-id", "trellis", "--client-secret-file", str(Path(server.tmpdir) / "secret-2"),
         "--domains", "bayview.example"],
        cwd=server.tmpdir, env=dict(os.environ, TRELLIS_DATABASE_URL=server.database_url), capture_output=True,
        text=True, timeout=60)
    assert refused.returncode != 0 and "--issuer" in refused.stderr + refused.stdout
    assert "calls itself" in refused.stderr + refused.stdout and "cli-secret-value" not in refused.stderr + refused.stdout


def test_passwords_off_for_everyone_but_admins(fresh_server, provider):
    server = fresh_server()
    connect(server, provider, "--password-sign-in", "admins")
    session = requests.Session()
    token = csrf_of(session, server.url + "/signin")
    refused = session.post(server.url + "/signin", data={"csrf": token, "email": LEADER, "password": server.password},
                           allow_redirects=False, timeout=15)
    assert refused.status_code == 403 and "only its admins use a Trellis password" in refused.text
    assert "trellis_session" not in session.cookies
    signed_in_session(server, ADMIN)  # the admin still may
    set_user(provider, "leader-admins", {"email": LEADER, "email_verified": True})
    _, answer, _ = through_provider(server, provider, LEADER, "leader-admins")
    assert answer.status_code == 303 and answer.headers["Location"] == "/"


def test_an_email_outside_connected_domains_gets_the_password_form(fresh_server, provider):
    server = fresh_server()
    connect(server, provider, domains="staff.bayview.example")
    session = requests.Session()
    token = csrf_of(session, server.url + "/signin")
    step = session.post(server.url + "/signin", data={"csrf": token, "email": LEADER}, timeout=15)
    assert step.status_code == 200 and 'id="password"' in step.text and "Continue with" not in step.text
    step = session.post(server.url + "/signin", data={"csrf": token, "email": "pat@staff.bayview.example"}, timeout=15)
    assert "Continue with Bayview Unified&#39;s account" in step.text
