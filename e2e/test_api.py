"""The JSON API under /api/v1, called as an integration would: bearer tokens made with the CLI.

Every JSON body is validated against the schema the server's own OpenAPI document gives for
that operation and status, so the document and the behaviour cannot drift apart unnoticed.
"""

from __future__ import annotations

import uuid

import pytest
import requests

from helpers import ADMIN, BAYVIEW_NETWORK, FACILITATOR, LEADER, api, make_token

# `contract` (conftest.py) validates each response against the server's OpenAPI document
# (helpers.Contract).


@pytest.fixture(scope="module")
def tokens(server) -> dict[str, str]:
    return {role: make_token(server, email) for role, email in
            (("admin", ADMIN), ("facilitator", FACILITATOR), ("leader", LEADER))}


@pytest.fixture(scope="module")
def bayview(server, tokens, contract) -> dict:
    """Ids of Bayview's schools, people and its leaders' network, as the admin sees them."""
    schools = contract.check(api(server, "/api/v1/schools", tokens["admin"]), "/api/v1/schools")["items"]
    people = contract.check(api(server, "/api/v1/people", tokens["admin"]), "/api/v1/people")["items"]
    cohorts = contract.check(api(server, "/api/v1/cohorts", tokens["admin"]), "/api/v1/cohorts")["items"]
    network = next(c for c in cohorts if c["name"] == BAYVIEW_NETWORK)
    return {
        "schools": schools,
        "people": people,
        "cohorts": cohorts,
        "network": network,
        "district_id": schools[0]["districtId"],
    }


# ------------------------------------------------------------------ the document itself


def test_health_and_readiness(server):
    for path in ("/healthz", "/readyz"):
        r = requests.get(server.url + path, timeout=10)
        assert (r.status_code, r.text.strip()) == (200, "ok"), f"{path}: {r.status_code} {r.text[:100]!r}"


def test_openapi_document_describes_every_endpoint(contract):
    paths = contract.doc["paths"]
    for path, method in [
        ("/api/v1/me", "get"),
        ("/api/v1/schools", "get"),
        ("/api/v1/schools/{id}", "get"),
        ("/api/v1/people", "get"),
        ("/api/v1/cohorts", "get"),
        ("/api/v1/cohorts", "post"),
        ("/api/v1/cohorts/{id}", "get"),
    ]:
        assert method in paths.get(path, {}), f"{method.upper()} {path} is not documented"
    assert contract.doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


# ------------------------------------------------------------------ /me


def test_me_for_each_role(server, tokens, contract):
    admin = contract.check(api(server, "/api/v1/me", tokens["admin"]), "/api/v1/me")
    assert (admin["email"], admin["role"]) == (ADMIN, "admin")
    assert (admin["givenName"], admin["familyName"]) == ("Dana", "Whitfield")
    assert admin["district"]["slug"] == "bayview" and admin["district"]["name"] == "Bayview Unified"

    facilitator = contract.check(api(server, "/api/v1/me", tokens["facilitator"]), "/api/v1/me")
    assert (facilitator["givenName"], facilitator["role"]) == ("Marisol", "facilitator")
    assert {"name": BAYVIEW_NETWORK, "schoolYear": "2026-27", "role": "facilitator"}.items() <= next(
        c for c in facilitator["cohorts"] if c["name"] == BAYVIEW_NETWORK
    ).items()

    leader = contract.check(api(server, "/api/v1/me", tokens["leader"]), "/api/v1/me")
    assert (leader["givenName"], leader["familyName"], leader["role"]) == ("Renee", "Carter", "leader")
    assert leader["school"]["name"] == "Harbor View Elementary"
    assert leader["position"] == "principal" and leader["yearsInRole"] == 6
    # (Other tests may add Renee to further cohorts; she is a leader in each.)
    assert (BAYVIEW_NETWORK, "leader") in [(c["name"], c["role"]) for c in leader["cohorts"]]
    assert {c["role"] for c in leader["cohorts"]} == {"leader"}


# ------------------------------------------------------------------ schools


@pytest.mark.parametrize("role", ["admin", "facilitator", "leader"])
def test_schools_list_and_detail(server, tokens, contract, bayview, role):
    items = contract.check(api(server, "/api/v1/schools", tokens[role]), "/api/v1/schools")["items"]
    assert len(items) == 15
    assert {s["districtId"] for s in items} == {bayview["district_id"]}
    names = [s["name"] for s in items]
    assert "Harbor View Elementary" in names
    assert names == sorted(names), "schools are not in name order"

    school = next(s for s in items if s["name"] == "Harbor View Elementary")
    one = contract.check(api(server, f"/api/v1/schools/{school['id']}", tokens[role]), "/api/v1/schools/{id}")
    assert one == school
    # Ids are UUIDs: the lowercase spelling used in the web pages' links works too.
    r = api(server, f"/api/v1/schools/{school['id'].lower()}", tokens[role])
    assert r.status_code == 200 and r.json()["id"] == school["id"]


# ------------------------------------------------------------------ people


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_people_list_for_staff(server, tokens, contract, bayview, role):
    items = contract.check(api(server, "/api/v1/people", tokens[role]), "/api/v1/people")["items"]
    by_email = {p["email"]: p for p in items}
    assert {ADMIN, FACILITATOR, LEADER} <= by_email.keys()
    assert sum(p["role"] == "facilitator" for p in items) >= 2
    assert sum(p["role"] == "leader" and not p["archived"] for p in items) >= 23
    renee = by_email[LEADER]
    harbor_view = next(s for s in bayview["schools"] if s["name"] == "Harbor View Elementary")
    assert renee["schoolId"] == harbor_view["id"]
    assert (renee["position"], renee["yearsInRole"]) == ("principal", 6)
    assert {p["districtId"] for p in items if "districtId" in p} == {bayview["district_id"]}


def test_leaders_cannot_list_people(server, tokens, contract):
    r = api(server, "/api/v1/people", tokens["leader"])
    assert r.status_code == 403
    problem = contract.check(r, "/api/v1/people")
    assert problem["title"] and problem["detail"]
    assert "@" not in r.text, "the 403 answer carries an email address"


# ------------------------------------------------------------------ cohorts


def test_cohort_lists_are_scoped_to_the_reader(server, tokens, contract, bayview):
    admin = contract.check(api(server, "/api/v1/cohorts", tokens["admin"]), "/api/v1/cohorts")["items"]
    network = next(c for c in admin if c["name"] == BAYVIEW_NETWORK)
    assert (network["schoolYear"], network["leaderCount"], network["facilitatorCount"]) == ("2026-27", 23, 2)

    for role in ("facilitator", "leader"):
        mine = contract.check(api(server, "/api/v1/cohorts", tokens[role]), "/api/v1/cohorts")["items"]
        assert network["id"] in [c["id"] for c in mine], f"the {role} does not see their cohort"
        # Only their own cohorts, and all of those are also in the admin's (complete) list.
        assert {c["id"] for c in mine} <= {c["id"] for c in admin}


def test_cohort_detail_lists_members_and_hides_emails_from_leaders(server, tokens, contract, bayview):
    path = f"/api/v1/cohorts/{bayview['network']['id']}"
    detail = contract.check(api(server, path, tokens["admin"]), "/api/v1/cohorts/{id}")
    assert detail["name"] == BAYVIEW_NETWORK
    roles = [m["role"] for m in detail["members"]]
    assert roles.count("leader") == detail["leaderCount"] == 23
    assert roles.count("facilitator") == detail["facilitatorCount"] == 2
    facilitators = {(m["givenName"], m["familyName"]) for m in detail["members"] if m["role"] == "facilitator"}
    assert facilitators == {("Marisol", "Ortega"), ("Kwame", "Asante")}
    assert all("email" in m for m in detail["members"]), "admins should see members' emails"

    staff = contract.check(api(server, path, tokens["facilitator"]), "/api/v1/cohorts/{id}")
    assert all("email" in m for m in staff["members"])

    peer = contract.check(api(server, path, tokens["leader"]), "/api/v1/cohorts/{id}")
    assert len(peer["members"]) == 25
    leaked = [m for m in peer["members"] if "email" in m]
    assert not leaked, f"a leader sees other members' emails: {leaked[:3]}"


def test_admin_creates_a_cohort(server, tokens, contract, bayview):
    name = f"API cohort {uuid.uuid4().hex[:8]}"
    r = api(server, "/api/v1/cohorts", tokens["admin"], method="POST", json={"name": name, "schoolYear": "2027-28"})
    assert r.status_code == 201, r.text
    created = contract.check(r, "/api/v1/cohorts", method="POST")
    assert (created["name"], created["schoolYear"]) == (name, "2027-28")
    assert (created["leaderCount"], created["facilitatorCount"]) == (0, 0)
    assert created["districtId"] == bayview["district_id"]
    location = r.headers.get("Location", "")
    assert location.lower() == f"/api/v1/cohorts/{created['id']}".lower(), location

    fetched = contract.check(api(server, location, tokens["admin"]), "/api/v1/cohorts/{id}")
    assert fetched["id"] == created["id"] and fetched["members"] == []
    listed = api(server, "/api/v1/cohorts", tokens["admin"]).json()["items"]
    assert created["id"] in [c["id"] for c in listed]
    # A leader or facilitator who is not in it cannot see it.
    for role in ("leader", "facilitator"):
        r = api(server, location, tokens[role])
        assert r.status_code == 404, f"the {role} read a cohort they are not in: {r.status_code}"
        contract.check(r, "/api/v1/cohorts/{id}")


@pytest.mark.parametrize("role", ["leader", "facilitator"])
def test_only_admins_create_cohorts(server, tokens, contract, role):
    name = f"Not allowed {uuid.uuid4().hex[:8]}"
    r = api(server, "/api/v1/cohorts", tokens[role], method="POST", json={"name": name, "schoolYear": "2026-27"})
    assert r.status_code == 403, r.text
    contract.check(r, "/api/v1/cohorts", method="POST")
    listed = api(server, "/api/v1/cohorts", tokens["admin"]).json()["items"]
    assert name not in [c["name"] for c in listed], "the refused cohort was created anyway"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "Bad year", "schoolYear": "2026"}, "schoolYear"),
        ({"name": "Bad year", "schoolYear": "2026-28"}, "schoolYear"),
        ({"name": "", "schoolYear": "2026-27"}, "name"),
        ({"name": "n" * 121, "schoolYear": "2026-27"}, "name"),
    ],
)
def test_invalid_cohort_fields_are_422_with_errors(server, tokens, contract, body, field):
    r = api(server, "/api/v1/cohorts", tokens["admin"], method="POST", json=body)
    assert r.status_code == 422, r.text
    problem = contract.check(r, "/api/v1/cohorts", method="POST")
    assert [e["field"] for e in problem.get("errors", [])] == [field], problem
    assert all(e["message"] for e in problem["errors"])


@pytest.mark.parametrize("raw", ['{"name": "Broken', "[1, 2]", '{"name": 5, "schoolYear": "2026-27"}'])
def test_malformed_json_is_400(server, tokens, contract, raw):
    r = api(server, "/api/v1/cohorts", tokens["admin"], method="POST", data=raw,
            headers={"Content-Type": "application/json"})
    assert r.status_code == 400, r.text
    contract.check(r, "/api/v1/cohorts", method="POST")


def test_a_body_that_is_not_json_is_415(server, tokens, contract):
    r = api(server, "/api/v1/cohorts", tokens["admin"], method="POST", data="name=x&schoolYear=2026-27",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415, r.text
    contract.check(r, "/api/v1/cohorts", method="POST")


# ------------------------------------------------------------------ authentication and 404s


ENDPOINTS = [
    ("GET", "/api/v1/me", "/api/v1/me"),
    ("GET", "/api/v1/schools", "/api/v1/schools"),
    ("GET", "/api/v1/schools/{school}", "/api/v1/schools/{id}"),
    ("GET", "/api/v1/people", "/api/v1/people"),
    ("GET", "/api/v1/cohorts", "/api/v1/cohorts"),
    ("POST", "/api/v1/cohorts", "/api/v1/cohorts"),
    ("GET", "/api/v1/cohorts/{cohort}", "/api/v1/cohorts/{id}"),
]


@pytest.mark.parametrize("method, path, template", ENDPOINTS)
@pytest.mark.parametrize("token", [None, "not-a-real-token", ""], ids=["no-token", "wrong-token", "empty"])
def test_without_a_valid_token_everything_is_401(server, contract, bayview, method, path, template, token):
    url = path.format(school=bayview["schools"][0]["id"], cohort=bayview["network"]["id"])
    headers = {"Authorization": "Bearer "} if token == "" else {}
    r = api(server, url, token or None, method=method, headers=headers,
            json={"name": "Sneaky", "schoolYear": "2026-27"} if method == "POST" else None)
    assert r.status_code == 401, f"{method} {url} without a valid token answered {r.status_code}"
    contract.check(r, template, method=method)
    assert r.headers.get("WWW-Authenticate", "").lower().startswith("bearer")
    assert "Harbor View" not in r.text and "Bayview" not in r.text


@pytest.mark.parametrize("template", ["/api/v1/schools/{id}", "/api/v1/cohorts/{id}"])
@pytest.mark.parametrize("ident", ["random-uuid", "not-a-uuid", "12345", "%20"])
def test_unknown_and_malformed_ids_are_404(server, tokens, contract, template, ident):
    value = str(uuid.uuid4()) if ident == "random-uuid" else ident
    r = api(server, template.replace("{id}", value), tokens["admin"])
    assert r.status_code == 404, f"{template} with {value!r} answered {r.status_code}: {r.text[:200]}"
    contract.check(r, template)


# ------------------------------------------------------------------ another district


@pytest.fixture
def harbor_token(harbor) -> str:
    return harbor["token"]


def test_another_districts_admin_cannot_see_bayview(server, contract, bayview, harbor_token):
    me = contract.check(api(server, "/api/v1/me", harbor_token), "/api/v1/me")
    assert (me["role"], me["district"]["slug"], me["district"]["name"]) == ("admin", "harbor", "Harbor City")
    assert me["district"]["id"] != bayview["district_id"]

    for school in bayview["schools"][:3]:
        r = api(server, f"/api/v1/schools/{school['id']}", harbor_token)
        assert r.status_code == 404, f"Harbor City's admin read Bayview's school {school['name']}: {r.status_code}"
        contract.check(r, "/api/v1/schools/{id}")
        assert school["name"] not in r.text
    r = api(server, f"/api/v1/cohorts/{bayview['network']['id']}", harbor_token)
    assert r.status_code == 404, f"Harbor City's admin read Bayview's cohort: {r.status_code}"
    contract.check(r, "/api/v1/cohorts/{id}")
    assert BAYVIEW_NETWORK not in r.text

    bayview_ids = {x["id"] for key in ("schools", "people", "cohorts") for x in bayview[key]}
    for path in ("/api/v1/schools", "/api/v1/people", "/api/v1/cohorts"):
        items = contract.check(api(server, path, harbor_token), path)["items"]
        leaked = [x for x in items if x["id"] in bayview_ids or x.get("districtId") == bayview["district_id"]]
        assert not leaked, f"Harbor City's {path} lists Bayview's: {leaked[:3]}"
    people = api(server, "/api/v1/people", harbor_token).json()["items"]
    assert [p["email"] for p in people] == ["it@harbor.example"]


def test_a_cohort_made_in_another_district_stays_there(server, tokens, contract, bayview, harbor_token):
    r = api(server, "/api/v1/cohorts", harbor_token, method="POST",
            json={"name": "Harbor City principals", "schoolYear": "2026-27"})
    assert r.status_code == 201, r.text
    created = contract.check(r, "/api/v1/cohorts", method="POST")
    assert created["districtId"] != bayview["district_id"]

    assert api(server, f"/api/v1/cohorts/{created['id']}", tokens["admin"]).status_code == 404
    bayview_list = api(server, "/api/v1/cohorts", tokens["admin"]).json()["items"]
    assert created["id"] not in [c["id"] for c in bayview_list]
    # And a Bayview id in the body cannot move it: an admin's cohort goes to their own district.
    r = api(server, "/api/v1/cohorts", harbor_token, method="POST",
            json={"name": "Trojan", "schoolYear": "2026-27", "districtId": bayview["district_id"]})
    if r.status_code == 201:
        assert r.json()["districtId"] != bayview["district_id"], "Harbor City's admin created a cohort in Bayview"
    else:
        assert r.status_code in (400, 403, 422), r.text
        contract.check(r, "/api/v1/cohorts", method="POST")
    assert "Trojan" not in [c["name"] for c in api(server, "/api/v1/cohorts", tokens["admin"]).json()["items"]]
