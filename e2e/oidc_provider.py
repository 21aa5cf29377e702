"""A mock OpenID Connect provider for the sign-in tests: `oidc-provider-mock` (PyPI, 0.3.4) in a subprocess.

Verified by running 0.3.4 (Flask app on uvicorn; ready about 0.8 s after the start):
- `python -m oidc_provider_mock --host 127.0.0.1 --port P`. Issuer is `http://127.0.0.1:P`. The issuer
  and every discovery URL come from the request's Host header, so always use 127.0.0.1 and never
  localhost. Discovery lists authorization_endpoint /oauth2/authorize, token_endpoint /oauth2/token,
  jwks_uri /jwks, userinfo_endpoint /userinfo, registration_endpoint /oauth2/clients and
  end_session_endpoint /oauth2/end_session. It does not list token_endpoint_auth_methods_supported
  or code_challenge_methods_supported.
- Clients: any client_id, any secret and any redirect_uri are accepted. With `--require-registration`,
  clients must register first (POST /oauth2/clients); then redirect_uri must match exactly and the
  secret is checked. The token endpoint accepts client_secret_basic and client_secret_post. It
  refuses a request without a secret (invalid_client), even though any secret value is accepted. At
  the token endpoint it checks that the code is unused and belongs to the client_id, and that
  redirect_uri matches the authorization request. It ignores code_challenge/code_verifier (no PKCE).
  Nonces are never remembered, so a replayed nonce is not detected. Nothing is approved on its own:
  a person must submit the form.
- Authorization page: one `<input type="text" name="sub" required>` (no id), an "Authorize" submit
  button, and a "Deny" button (name=action, value=deny), which redirects with error=access_denied.
  There are no claim fields. The page loads pico.css from cdn.jsdelivr.net (the form does not need it).
- ID token: RS256, header {"typ": "JWT", "alg": "RS256"} with NO `kid`. The JWKS key has a kid.
  There is a fresh key at each start. Claims: iss, aud (a list: [client_id]), iat, exp (iat+3600),
  auth_time, at_hash, sub, nonce (if sent), plus the user's claims. email/email_verified are included
  only with scope `email`. A user who was never set gets {"email": sub} and no email_verified.
- PUT /users/<sub> with a JSON object stores that user's claims and answers 204; it replaces the
  claims, it does not merge them. The claims are applied last, so iss, aud, nonce and exp (any claim)
  override the standard values; only `sub` cannot be overridden. A sub containing "/" cannot be set.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests

STARTUP_TIMEOUT = 15.0
WAIT = 15  # seconds for the browser to leave the authorization page


@dataclass
class OidcProvider:
    issuer: str  # http://127.0.0.1:PORT, also the base URL of every endpoint
    port: int
    log_path: Path
    process: subprocess.Popen = field(repr=False)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError as e:
            return f"(no log: {e})"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oidc_provider(port: int | None = None) -> OidcProvider:
    """Start the mock provider on 127.0.0.1 (on a free port unless `port` is given) and wait for discovery."""
    last_error = ""
    for _attempt in range(3 if port is None else 1):
        chosen = port or _free_port()
        log_path = Path(tempfile.mkdtemp(prefix="trellis-oidc-")) / "oidc-provider.log"
        env = dict(os.environ, NO_COLOR="1")  # authlib's deprecation warnings in the log are harmless
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(chosen)],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )
        provider = OidcProvider(issuer=f"http://127.0.0.1:{chosen}", port=chosen, log_path=log_path, process=proc)
        last_error = _wait_ready(provider)
        if not last_error:
            return provider
        port_race = "address already in use" in provider.log_tail().lower()
        stop_oidc_provider(provider)
        if not port_race:
            break  # a lost port race is retried on another port; anything else is fatal
    raise RuntimeError(last_error)


def _wait_ready(p: OidcProvider) -> str:
    """Empty once discovery answers with the expected issuer, else why not (with the log's tail)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last = "no answer yet"
    while time.monotonic() < deadline:
        if (code := p.process.poll()) is not None:
            return f"oidc-provider-mock exited with code {code}.\n--- {p.log_path} ---\n{p.log_tail()}"
        try:
            r = requests.get(p.issuer + "/.well-known/openid-configuration", timeout=2)
            if r.status_code == 200 and r.json().get("issuer") == p.issuer:
                return ""
            last = f"HTTP {r.status_code}: {r.text[:200]!r}"
        except (requests.RequestException, ValueError) as e:
            last = type(e).__name__
        time.sleep(0.1)
    return (f"oidc-provider-mock did not answer discovery within {STARTUP_TIMEOUT:.0f}s (last: {last}).\n"
            f"--- {p.log_path} ---\n{p.log_tail()}")


def stop_oidc_provider(p: OidcProvider) -> None:
    """Stop the provider by its own pid: SIGTERM (uvicorn exits in 1-2 s), then SIGKILL if needed.
    Its log's temp dir is removed unless TRELLIS_E2E_KEEP=1."""
    if p.process.poll() is None:
        try:
            p.process.send_signal(signal.SIGTERM)
            p.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.process.kill()
            p.process.wait(timeout=10)
        except ProcessLookupError:
            pass
    if os.environ.get("TRELLIS_E2E_KEEP") != "1":
        shutil.rmtree(p.log_path.parent, ignore_errors=True)


def set_user(p: OidcProvider, sub: str, claims: dict) -> None:
    """Replace the claims of user `sub` (e.g. {"email": ..., "email_verified": True}); they go into the
    ID token and /userinfo, and override iss/aud/nonce/exp (email* only with scope `email`)."""
    r = requests.put(f"{p.issuer}/users/{quote(sub, safe='')}", json=claims, timeout=5)
    if r.status_code != 204:
        raise AssertionError(f"PUT /users/{sub} answered {r.status_code}: {r.text[:300]}")


def authorize_in_browser(browser, sub: str) -> None:
    """On the provider's authorization page, sign in as `sub` ("Authorize"); returns once the page is left.

    Claims come from `set_user` (or default to {"email": sub}); the page has no fields for them.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from helpers import wait_until_stale

    field_ = WebDriverWait(browser, WAIT).until(
        EC.element_to_be_clickable((By.XPATH, "//form//input[@name='sub']")))
    field_.clear()
    field_.send_keys(sub)
    button = browser.find_element(By.XPATH, "//form//button[@type='submit' and normalize-space()='Authorize']")
    button.click()
    wait_until_stale(browser, button)


class CheckingProxy:
    """A pass-through in front of the mock that checks what the mock does not: PKCE (the verifier sent to
    the token endpoint hashes to the challenge sent to the authorization endpoint, S256) and the client
    secret (client_secret_basic). A token request that fails either is answered 400 `invalid_grant` /
    401 `invalid_client` without reaching the mock. Its address is the issuer (the mock names itself
    from the Host header, which is passed on).

    `checked` counts the token requests that passed both checks.
    """

    def __init__(self, provider: OidcProvider, client_secret: str):
        import base64
        import hashlib
        import http.server
        import threading
        import urllib.parse

        self.provider, self.client_secret = provider, client_secret
        self.challenges: dict[str, str] = {}  # code -> the challenge of the authorization that issued it
        self.checked = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _forward(self, body: bytes | None):
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("content-length",)}
                r = requests.request(self.command, provider.issuer + self.path, headers=headers, data=body,
                                     allow_redirects=False, timeout=10)
                location = r.headers.get("Location", "")
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query).get("code", [""])[0]
                if code and query.get("code_challenge_method") == ["S256"]:
                    proxy.challenges[code] = query.get("code_challenge", [""])[0]
                self.send_response(r.status_code)
                for k, v in r.headers.items():
                    if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(r.content)))
                self.end_headers()
                self.wfile.write(r.content)

            def _refuse(self, status: int, error: str):
                body = ('{"error": "%s"}' % error).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                self._forward(None)

            def do_PUT(self):
                self._forward(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/oauth2/token"):
                    form = urllib.parse.parse_qs(body.decode())
                    basic = self.headers.get("Authorization", "")
                    secret = ""
                    if basic.startswith("Basic "):
                        pair = base64.b64decode(basic[6:]).decode()
                        secret = urllib.parse.unquote_plus(pair.split(":", 1)[1])
                    if secret != proxy.client_secret:
                        return self._refuse(401, "invalid_client")
                    verifier = form.get("code_verifier", [""])[0]
                    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
                    if digest.decode() != proxy.challenges.get(form.get("code", [""])[0]):
                        return self._refuse(400, "invalid_grant")
                    proxy.checked += 1
                self._forward(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
