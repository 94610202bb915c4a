"""Custom dashboards through nginx with two admins and a super_admin: access, list, preconditions, races."""
import concurrent.futures
import re
import subprocess
import uuid

import pytest
import requests

from conftest import admin, bearer, envelope

ALICE = bearer(admin("alice-" + uuid.uuid4().hex[:8]))
BOB = bearer(admin("bob-" + uuid.uuid4().hex[:8]))
ROOT = bearer(admin("root-" + uuid.uuid4().hex[:8], role="super_admin", permissions=()))
WIDGET = {"type": "chart", "title": "Bookings", "dataSource": "bookings", "visualization": "line", "config": {"days": 7}}


def create(stack, headers, name="Board", public=False, description=None):
    body = {"name": name, "widgets": [WIDGET], "isPublic": public}
    if description is not None:
        body["description"] = description
    r = requests.post(stack.base + "/custom", json=body, headers=headers)
    assert r.status_code == 201, r.text
    return envelope(r)["data"]


def code(r):
    return envelope(r)["error"]["code"]


def test_create_returns_the_dashboard_with_location_and_etag(stack):
    r = requests.post(
        stack.base + "/custom",
        json={"name": "Ops ☃", "description": "daily", "widgets": [WIDGET], "isPublic": True},
        headers=ALICE,
    )
    assert r.status_code == 201
    data = envelope(r)["data"]
    assert re.fullmatch(r"[0-9a-f]{24}", data["id"])
    assert r.headers["Location"] == "/api/analytics-dashboard/custom/" + data["id"]
    assert r.headers["ETag"] == '"1"'
    assert list(data.keys()) == [
        "id", "name", "description", "widgets", "isPublic", "ownerId", "version", "createdAt", "updatedAt"
    ]
    assert data["name"] == "Ops ☃"
    assert data["widgets"] == [WIDGET]
    assert data["isPublic"] is True
    assert data["ownerId"].startswith("alice-")
    assert data["version"] == 1
    assert data["createdAt"] == data["updatedAt"]
    got = requests.get(stack.base + "/custom/" + data["id"], headers=ALICE)
    assert got.status_code == 200
    assert got.headers["ETag"] == '"1"'
    assert envelope(got)["data"] == data


def test_config_member_order_is_kept(stack):
    widget = dict(WIDGET, config={"z": 1, "a": {"y": [1, 2.5, None, True]}, "m": "x"})
    r = requests.post(stack.base + "/custom", json={"name": "order", "widgets": [widget]}, headers=ALICE)
    assert r.status_code == 201
    assert '"config":{"z":1,"a":{"y":[1,2.5,null,true]},"m":"x"}' in r.text


def test_escaped_nul_and_out_of_range_numbers_are_validation_errors_not_invalid_json(stack):
    # Contract section 3: E_INVALID_JSON is for text that is not valid JSON. `\u0000` and a 20-digit integer
    # are valid JSON: a NUL in a title is a control character (E_VALIDATION on that field); a number the
    # service cannot hold is E_VALIDATION on the body; a NUL inside free-form config is kept.
    def post(raw):
        return requests.post(stack.base + "/custom", headers={**ALICE, "Content-Type": "application/json"},
                             data=raw.encode())

    widget = '{"type":"chart","title":%s,"dataSource":"bookings","visualization":"line","config":%s}'
    r = post('{"name":"N","widgets":[%s]}' % (widget % ('"x\\u0000"', "{}")))
    assert r.status_code == 400 and code(r) == "E_VALIDATION", r.text
    assert [d["field"] for d in envelope(r)["error"]["details"]] == ["widgets[0].title"]
    for number in ("12345678901234567890", "1E400"):
        r = post('{"name":"N","widgets":[%s]}' % (widget % ('"t"', '{"big":%s}' % number)))
        assert r.status_code == 400 and code(r) == "E_VALIDATION", r.text
        assert envelope(r)["error"]["details"][0]["field"] == "body"
    r = post('{"name":"N","widgets":[%s]}' % (widget % ('"t"', '{"k":"a\\u0000b"}')))
    assert r.status_code == 201, r.text
    read = requests.get(stack.base + "/custom/" + envelope(r)["data"]["id"], headers=ALICE)
    assert envelope(read)["data"]["widgets"][0]["config"] == {"k": "a\u0000b"}


def test_owner_public_403_404_for_read_update_delete(stack):
    private = create(stack, ALICE, "private")
    public = create(stack, ALICE, "public", public=True)
    url = stack.base + "/custom/"
    assert requests.get(url + private["id"], headers=ALICE).status_code == 200
    assert requests.get(url + private["id"], headers=ROOT).status_code == 200
    r = requests.get(url + private["id"], headers=BOB)
    assert r.status_code == 403 and code(r) == "E_FORBIDDEN"
    assert requests.get(url + public["id"], headers=BOB).status_code == 200
    r = requests.put(url + public["id"], json={"name": "bob's"}, headers=BOB)
    assert r.status_code == 403 and code(r) == "E_FORBIDDEN"
    r = requests.delete(url + public["id"], headers=BOB)
    assert r.status_code == 403 and code(r) == "E_FORBIDDEN"
    r = requests.put(url + public["id"], json={"name": "root's"}, headers=ROOT)
    assert r.status_code == 200 and envelope(r)["data"]["ownerId"] == public["ownerId"]
    missing = "65a1b2c3d4e5f60718293a4b"
    for method in ("get", "put", "delete"):
        r = getattr(requests, method)(url + missing, json={"name": "x"}, headers=ALICE)
        assert r.status_code == 404 and code(r) == "E_DASHBOARD_NOT_FOUND", method
        r = getattr(requests, method)(url + "not-an-id", json={"name": "x"}, headers=ALICE)
        assert r.status_code == 400 and code(r) == "E_INVALID_ID", method
    r = requests.delete(url + private["id"], headers=ALICE)
    assert r.status_code == 204 and r.content == b""
    assert requests.get(url + private["id"], headers=ALICE).status_code == 404


def test_put_checks_access_before_the_body(stack):
    board = create(stack, ALICE)
    url = stack.base + "/custom/" + board["id"]
    assert requests.put(url, json={"name": ""}, headers=BOB).status_code == 403
    r = requests.put(url, json={}, headers=ALICE)
    assert r.status_code == 400 and code(r) == "E_VALIDATION"
    r = requests.put(url, data="{", headers=dict(ALICE, **{"Content-Type": "application/json"}))
    assert r.status_code == 400 and code(r) == "E_INVALID_JSON"
    r = requests.put(url, data='{"name":"a"}', headers=dict(ALICE, **{"Content-Type": "text/plain"}))
    assert r.status_code == 415 and code(r) == "E_UNSUPPORTED_MEDIA_TYPE"


def test_validation_lists_every_failing_field(stack):
    r = requests.post(
        stack.base + "/custom",
        json={"name": " ", "widgets": [dict(WIDGET, visualization="gauge", size=3)], "isPublic": "yes"},
        headers=ALICE,
    )
    assert r.status_code == 400
    error = envelope(r)["error"]
    assert error["code"] == "E_VALIDATION"
    assert [d["field"] for d in error["details"]] == [
        "name", "widgets[0].visualization", "widgets[0].size", "isPublic"
    ]


def test_mass_assignment_is_refused(stack):
    for member, value in [("ownerId", "alice"), ("id", "65a1b2c3d4e5f60718293a4b"), ("createdAt", "2020-01-01"),
                          ("version", 7)]:
        r = requests.post(stack.base + "/custom", json={"name": "m", "widgets": [WIDGET], member: value}, headers=BOB)
        assert r.status_code == 400, member
        assert envelope(r)["error"]["details"] == [{"field": member, "message": "is not a known member"}]
    board = create(stack, BOB)
    r = requests.put(stack.base + "/custom/" + board["id"], json={"ownerId": "someone"}, headers=BOB)
    assert r.status_code == 400
    assert envelope(requests.get(stack.base + "/custom/" + board["id"], headers=BOB))["data"]["ownerId"] == board["ownerId"]


def test_update_is_partial_and_if_match_guards_it(stack):
    board = create(stack, ALICE, "v1", description="keep me")
    url = stack.base + "/custom/" + board["id"]
    r = requests.put(url, json={"isPublic": True}, headers=dict(ALICE, **{"If-Match": '"1"'}))
    assert r.status_code == 200
    data = envelope(r)["data"]
    assert data["version"] == 2 and data["description"] == "keep me" and data["isPublic"] is True
    assert r.headers["ETag"] == '"2"'
    r = requests.put(url, json={"name": "stale"}, headers=dict(ALICE, **{"If-Match": '"1"'}))
    assert r.status_code == 412 and code(r) == "E_PRECONDITION_FAILED"
    assert envelope(requests.get(url, headers=ALICE))["data"]["name"] == "v1"
    r = requests.delete(url, headers=dict(ALICE, **{"If-Match": '"1"'}))
    assert r.status_code == 412
    assert requests.delete(url, headers=dict(ALICE, **{"If-Match": '"2"'})).status_code == 204


def test_concurrent_puts_with_the_same_if_match_one_wins(stack):
    for _ in range(5):
        board = create(stack, ALICE)
        url = stack.base + "/custom/" + board["id"]

        def put(name):
            return requests.put(url, json={"name": name}, headers=dict(ALICE, **{"If-Match": '"1"'}))

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            results = list(pool.map(put, ["first", "second"]))
        assert sorted(r.status_code for r in results) == [200, 412]
        final = envelope(requests.get(url, headers=ALICE))["data"]
        assert final["version"] == 2
        winner = next(r for r in results if r.status_code == 200)
        assert final["name"] == envelope(winner)["data"]["name"]


def test_list_membership_search_sort_and_pagination(stack):
    tag = uuid.uuid4().hex[:6]
    carol = bearer(admin("carol-" + tag))
    dave = bearer(admin("dave-" + tag))
    mine = [create(stack, carol, f"{tag} {n}", description=d) for n, d in [("b", "x"), ("a", "50% off_"), ("c", None)]]
    theirs_public = create(stack, dave, f"{tag} d", public=True)
    create(stack, dave, f"{tag} e-private")

    def page(headers, **params):
        params.setdefault("search", tag)
        r = requests.get(stack.base + "/custom", params=params, headers=headers)
        assert r.status_code == 200, r.text
        return envelope(r)["data"]

    data = page(carol, sortBy="name", sortOrder="asc")
    assert [d["name"] for d in data["dashboards"]] == [f"{tag} a", f"{tag} b", f"{tag} c", f"{tag} d"]
    assert data["pagination"] == {"total": 4, "limit": 20, "offset": 0, "hasMore": False}
    assert data["dashboards"][0] == envelope(requests.get(stack.base + "/custom/" + mine[1]["id"], headers=carol))["data"]
    names = [d["name"] for d in page(carol, sortBy="name", sortOrder="desc")["dashboards"]]
    assert names == [f"{tag} d", f"{tag} c", f"{tag} b", f"{tag} a"]
    created_desc = [d["id"] for d in page(carol)["dashboards"]]  # default: createdAt desc
    assert created_desc == [theirs_public["id"], mine[2]["id"], mine[1]["id"], mine[0]["id"]]
    created_asc = [d["id"] for d in page(carol, sortBy="createdAt", sortOrder="asc")["dashboards"]]
    assert created_asc == list(reversed(created_desc))
    assert len(page(dave)["dashboards"]) == 2  # dave's two; carol's are private
    assert page(ROOT)["pagination"]["total"] == 5
    first = page(carol, sortBy="name", sortOrder="asc", limit=3, offset=0)
    assert [d["name"] for d in first["dashboards"]] == [f"{tag} a", f"{tag} b", f"{tag} c"]
    assert first["pagination"] == {"total": 4, "limit": 3, "offset": 0, "hasMore": True}
    last = page(carol, sortBy="name", sortOrder="asc", limit=3, offset=3)
    assert [d["name"] for d in last["dashboards"]] == [f"{tag} d"]
    assert last["pagination"]["hasMore"] is False
    beyond = page(carol, limit=3, offset=10)
    assert beyond["dashboards"] == [] and beyond["pagination"]["total"] == 4
    # case-insensitive, on description too, with % and _ literal
    assert [d["name"] for d in page(carol, search="50% OFF_")["dashboards"]] == [f"{tag} a"]
    assert page(carol, search=tag.upper())["pagination"]["total"] == 4
    assert page(carol, search="%")["pagination"]["total"] >= 1
    assert all("%" in (d["name"] + (d["description"] or "")) for d in page(carol, search="%")["dashboards"])
    assert page(carol, search=tag + "_")["pagination"]["total"] == 0


@pytest.mark.parametrize("query,field", [
    ("limit=51", "limit"), ("limit=0", "limit"), ("offset=-1", "offset"), ("sortBy=owner", "sortBy"),
    ("sortOrder=DESC", "sortOrder"), ("search=" + "s" * 101, "search"), ("unknown=1", "unknown"),
])
def test_list_parameter_rules(stack, query, field):
    r = requests.get(stack.base + "/custom?" + query, headers=ALICE)
    assert r.status_code == 400
    assert [d["field"] for d in envelope(r)["error"]["details"]] == [field]


def test_list_limit_and_offset_edges_accepted(stack):
    assert requests.get(stack.base + "/custom?limit=50&offset=0", headers=ALICE).status_code == 200
    assert requests.get(stack.base + "/custom?limit=1", headers=ALICE).status_code == 200


def test_every_change_leaves_one_audit_row(stack):
    board = create(stack, ALICE)
    url = stack.base + "/custom/" + board["id"]
    put = requests.put(url, json={"name": "renamed"}, headers=ALICE)
    assert requests.put(url, json={"name": ""}, headers=ALICE).status_code == 400
    assert requests.put(url, json={"name": "x"}, headers=dict(ALICE, **{"If-Match": '"9"'})).status_code == 412
    delete = requests.delete(url, headers=ALICE)
    rows = subprocess.run(
        ["psql", "-qtA", "-F", "|", stack.database_url, "-c",
         f"SELECT action, actor, request_id FROM audit_log WHERE entity_id = '{board['id']}' ORDER BY id"],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    assert [row.split("|")[0] for row in rows] == ["dashboard.create", "dashboard.update", "dashboard.delete"]
    assert rows[1].split("|")[2] == put.headers["X-Request-Id"]
    assert rows[2].split("|")[2] == delete.headers["X-Request-Id"]


def test_security_probe_findings_stay_fixed(stack):
    # A canonically equivalent sub is another admin: byte-for-byte ownership.
    precomposed = bearer(admin("jos\u00e9-" + uuid.uuid4().hex[:6]))
    owner_sub = None
    board = create(stack, precomposed, name="Mine")
    owner_sub = board["ownerId"]
    decomposed = bearer(admin(owner_sub.replace("\u00e9", "e\u0301")))
    for method, body in (("GET", None), ("PUT", {"name": "pwned"}), ("DELETE", None)):
        r = requests.request(method, stack.base + "/custom/" + board["id"], headers=decomposed, json=body)
        assert r.status_code == 403 and code(r) == "E_FORBIDDEN", (method, r.text)
    # Every finite double is stored as given and reads back bit for bit; the list keeps working for everyone.
    raw = ('{"name":"p","isPublic":true,"widgets":[{"type":"chart","title":"t","dataSource":"trips",'
           '"visualization":"line","config":{"max":1.7976931348623157e308,"min":-1.7976931348623157e308,'
           '"tiny":5e-324,"sum":0.30000000000000004,"third":0.3333333333333333,"one":1.0}}]}')
    r = requests.post(stack.base + "/custom", data=raw, headers={**ALICE, "Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    stored = requests.get(stack.base + "/custom/" + r.json()["data"]["id"], headers=ALICE)
    assert '"sum":0.30000000000000004' in stored.text and '"tiny":5e-324' in stored.text, stored.text
    config = stored.json()["data"]["widgets"][0]["config"]
    expected = {"max": 1.7976931348623157e308, "min": -1.7976931348623157e308, "tiny": 5e-324,
                "sum": 0.30000000000000004, "third": 0.3333333333333333, "one": 1.0}
    assert config == expected and all(type(config[k]) is float for k in expected), config
    assert requests.get(stack.base + "/custom", headers=BOB).status_code == 200
    # A NUL in a query value is a 400 on that parameter, not a 500.
    r = requests.get(stack.base + "/custom", params={"search": "a\x00b"}, headers=ALICE)
    assert r.status_code == 400 and envelope(r)["error"]["details"][0]["field"] == "search"
    # Sixteen concurrent PUTs without If-Match all apply, one after another.
    target = create(stack, ALICE, name="Busy")
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda i: requests.put(stack.base + "/custom/" + target["id"], headers=ALICE,
                                                         json={"description": f"d{i}"}).status_code, range(16)))
    assert statuses == [200] * 16, statuses
    final = envelope(requests.get(stack.base + "/custom/" + target["id"], headers=ALICE))["data"]
    assert final["version"] == 17
