"""Email that reaches people, against a real SMTP server started here (aiosmtpd on loopback): the
password-reset mail, a refused delivery tried again, meeting changes and their unsubscribe link, and the
between-meeting reminder sent once by two instances on one PostgreSQL.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import os
import re
import ssl
import subprocess
import threading
import time

import pytest
import requests
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from helpers import api, free_port, make_token, signed_in_session, start_server, stop_server

LEADER = "leader@bayview.example"
ADMIN = "admin@bayview.example"
FACILITATOR = "facilitator@bayview.example"
FROM = "trellis@bayview.example"


class Inbox:
    """Keeps every message delivered; refuses the first `refuse` deliveries with 451 (try again later)."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse = 0
        self.refused = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refused < self.refuse:
                self.refused += 1
                return "451 4.3.0 Try again later"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
            message["X-Test-TLS"] = "yes" if session.ssl else "no"
            message["X-Test-Auth"] = "yes" if session.authenticated else "no"
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str, subject_part: str = "") -> list[email.message.EmailMessage]:
        with self.lock:
            return [m for m in self.messages
                    if m["X-Envelope-To"] == address and subject_part in str(m["Subject"])]

    def wait_for(self, address: str, subject_part: str = "", count: int = 1, timeout: float = 20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address, subject_part)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"no mail to {address} about {subject_part!r} within {timeout}s; "
                             f"subjects so far: {[str(m['Subject']) for m in self.messages]}")


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def mail_env(port: int) -> dict[str, str]:
    return {
        "TRELLIS_SMTP_URL": f"smtp://127.0.0.1:{port}", "TRELLIS_MAIL_FROM": FROM, "TRELLIS_MAIL_INTERVAL": "0.3",
        "TRELLIS_REMINDER_INTERVAL": "1", "TRELLIS_MAIL_RETRY_SECONDS": "1",
    }


def text_of(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def csrf(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', session.get(url, timeout=15).text).group(1)


def emails(server, token: str) -> dict[str, str]:
    """Every person's email by their id, as an admin or facilitator reads them."""
    return {p["id"]: p["email"] for p in api(server, "/api/v1/people", token).json()["items"]}


def person_id(server, token: str, email_address: str) -> str:
    return next(id_ for id_, address in emails(server, token).items() if address == email_address)


def test_a_reset_link_arrives_by_email_and_works_after_a_refused_delivery(fresh_server, smtp):
    inbox, port = smtp
    inbox.refuse = 1  # the first delivery is refused for now (451): it must be tried again
    server = fresh_server(extra_env=mail_env(port))
    admin = signed_in_session(server, ADMIN)
    leader_id = person_id(server, make_token(server, ADMIN), LEADER)
    page = admin.post(f"{server.url}/people/{leader_id}/reset-link",
                      data={"csrf": csrf(admin, f"{server.url}/people/{leader_id}")}, timeout=15)
    assert page.status_code == 200 and "Trellis has emailed this link" in page.text
    shown = re.search(r'id="reset-link" value="([^"]+)"', page.text).group(1).replace("&amp;", "&")

    [message] = inbox.wait_for(LEADER, "Set your Trellis password")
    assert inbox.refused == 1, "the first delivery was refused and the message was sent again"
    assert "Bayview Unified" in str(message["From"]) and FROM in str(message["From"])
    assert message.get_body(preferencelist=("html",)) is not None, "an HTML part beside the text"
    body = text_of(message)
    link = re.search(r"(http://\S+/reset\?token=\S+)", body).group(1)
    assert link == shown, "the emailed link is the one the admin sees"
    assert "List-Unsubscribe" not in message, "a reset link is not a notification to unsubscribe from"

    reset = requests.Session()
    form = reset.get(link, timeout=15)
    assert form.status_code == 200 and "Set your password" in form.text
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    done = reset.post(f"{server.url}/reset", data={
        "csrf": token, "token": link.split("token=")[1], "password": "a new password for mail",
        "confirmation": "a new password for mail"}, allow_redirects=False, timeout=15)
    assert done.status_code == 303, done.text[:300]
    signed_in_session(server, LEADER, "a new password for mail")
    log = server.log_tail(400)
    assert "mail not sent" in log and "451" in log
    assert link.split("token=")[1] not in log, "the link is not in the log"
    mail_lines = [line for line in log.splitlines() if "mail" in line]
    assert mail_lines and not any(LEADER in line for line in mail_lines), "no address in the mail log lines"


def test_starttls_and_a_password_when_the_server_asks(fresh_server, tmp_path):
    """STARTTLS with the server's certificate checked against TRELLIS_SMTP_CA_FILE, then AUTH; the server
    takes no mail before both."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))

    def authenticate(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login == b"trellis" and data.password == b"p@ss/word"
        return AuthResult(success=ok, handled=False)

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_required=True)
    controller.start()
    try:
        env = mail_env(controller.port)
        env["TRELLIS_SMTP_URL"] = f"smtp://trellis:p%40ss%2Fword@127.0.0.1:{controller.port}"
        env["TRELLIS_SMTP_CA_FILE"] = str(cert)
        server = fresh_server(extra_env=env)
        admin = signed_in_session(server, ADMIN)
        leader_id = person_id(server, make_token(server, ADMIN), LEADER)
        page = admin.post(f"{server.url}/people/{leader_id}/reset-link",
                          data={"csrf": csrf(admin, f"{server.url}/people/{leader_id}")}, timeout=15)
        assert page.status_code == 200
        [message] = inbox.wait_for(LEADER, "Set your Trellis password")
        assert message["X-Test-TLS"] == "yes" and message["X-Test-Auth"] == "yes"
        assert "p@ss/word" not in server.log_tail(400)
    finally:
        controller.stop()


def next_meeting(server, facilitator: str, leader: str) -> tuple[str, str, str, list[str]]:
    """The leader's community's series, its next scheduled meeting's day, and the cohort."""
    me = api(server, "/api/v1/me", leader).json()
    cohort = next(c for c in me["cohorts"] if c.get("communityId"))
    cohort["id"] = cohort["cohortId"]
    series = api(server, f"/api/v1/cohorts/{cohort['id']}/meeting-series", facilitator).json()["items"]
    mine = next(s for s in series if s.get("communityId") == cohort["communityId"])
    today = datetime.date.today().isoformat()
    upcoming = [m["day"] for m in mine["meetings"] if m["actualDay"] > today and m["status"] == "scheduled"]
    return mine["id"], upcoming[0], cohort["communityId"], upcoming


def members_of(server, token: str, community: str) -> list[str]:
    body = api(server, f"/api/v1/communities/{community}", token).json()
    addresses = emails(server, token)
    return [addresses[m["personId"]] for m in body["members"]]


def test_a_moved_meeting_is_emailed_and_unsubscribing_stops_it(fresh_server, smtp):
    inbox, port = smtp
    server = fresh_server(extra_env=mail_env(port))
    facilitator, leader = make_token(server, FACILITATOR), make_token(server, LEADER)
    series, day, community, upcoming = next_meeting(server, facilitator, leader)
    soon = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    moved = api(server, f"/api/v1/meeting-series/{series}/changes", facilitator, method="POST", json={
        "day": day, "action": "move", "movedTo": {"day": soon, "startTime": "15:30", "endTime": "17:00"}})
    assert moved.status_code == 200, moved.text[:300]
    [message] = inbox.wait_for(LEADER, "is moved")
    assert "now meets" in text_of(message)
    unsubscribe = re.fullmatch(r"<(.+)>", str(message["List-Unsubscribe"])).group(1)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click from the mail program: no form, no cookie.
    answer = requests.post(unsubscribe, data={"List-Unsubscribe": "One-Click"}, timeout=15)
    assert answer.status_code == 200 and "no more reminders" in answer.text
    others = [m for m in members_of(server, facilitator, community) if m != LEADER]
    cancelled = api(server, f"/api/v1/meeting-series/{series}/changes", facilitator, method="POST",
                    json={"day": upcoming[1], "action": "cancel"})
    assert cancelled.status_code == 200, cancelled.text[:300]
    inbox.wait_for(others[0], "is cancelled")
    time.sleep(1.5)  # the worker runs every 0.3 s: anything for the leader would be here by now
    assert not inbox.to(LEADER, "is cancelled"), "an unsubscribed leader still got the cancellation"
    session = signed_in_session(server, LEADER)
    account = session.get(f"{server.url}/account", timeout=15).text
    assert 'id="reminders"' in account and 'id="reminders" name="reminders" value="on" checked' not in account


def instances_database() -> str:
    url = os.environ.get("TRELLIS_INSTANCES_POSTGRES_URL")
    assert url, "TRELLIS_INSTANCES_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL"
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                   check=True, capture_output=True, timeout=60)
    return url


def test_a_reminder_is_sent_once_by_two_instances_on_one_database(smtp):
    inbox, port = smtp
    url = instances_database()
    first = start_server(database_url=url, extra_env=mail_env(port))
    second = None
    try:
        second = start_server(database_url=url, demo=False, extra_env=mail_env(port))
        facilitator, leader = make_token(first, FACILITATOR), make_token(first, LEADER)
        series, day, community, _ = next_meeting(first, facilitator, leader)
        # The meeting that closes the leader's cycle is now three days away: the reminder is due.
        soon = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
        moved = api(second, f"/api/v1/meeting-series/{series}/changes", facilitator, method="POST", json={
            "day": day, "action": "move", "movedTo": {"day": soon, "startTime": "15:30", "endTime": "17:00"}})
        assert moved.status_code == 200, moved.text[:300]
        members = members_of(first, facilitator, community)
        reminded = [m for m in members if inbox.to(m, "Before your meeting")]
        deadline = time.monotonic() + 20
        while not reminded and time.monotonic() < deadline:
            time.sleep(0.3)
            reminded = [m for m in members if inbox.to(m, "Before your meeting")]
        assert reminded, f"no member of the community was reminded; subjects: {[str(m['Subject']) for m in inbox.messages]}"
        time.sleep(3)  # both instances look for reminders every second: a second copy would be here by now
        for member in members:
            assert len(inbox.to(member, "Before your meeting")) <= 1, f"{member} got the reminder twice"
        [reminder] = inbox.to(reminded[0], "Before your meeting")
        body = text_of(reminder)
        assert "/cycles/" in body and reminder["List-Unsubscribe"], body
        for member in members:
            assert len(inbox.to(member, "is moved")) == 1, f"{member}: the move was emailed once"
    finally:
        if second:
            stop_server(second)
        stop_server(first)
