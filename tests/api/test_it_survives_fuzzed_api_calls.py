"""Calls made from the API's own OpenAPI schema, right and wrong: no 5xx, and every refusal is Chinese JSON.

For each operation in the schema, hypothesis builds calls the way a sloppy phone app or a prober would:
path ids that are someone else's, missing or beyond any integer column; query parameters and JSON fields
drawn from their declared types and from hostile values (huge or negative numbers, NUL bytes, 5000-character
strings, wrong types, full-width digits, emoji, repeated keys, unknown keys); bodies that are not JSON
objects or not JSON at all; wrong methods; and callers with a token of each role, with none, or with a
mangled one. The API may refuse any of them — it must never fail with a server error, and must say why
in Chinese, as JSON. It runs on SQLite and PostgreSQL alike (NUL bytes are PostgreSQL's hazard).
"""

import json
from urllib.parse import quote, urlencode
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tuijin.accounts.models import Role
from tuijin.api.api import api as ninja_api

from .conftest import bearer

SCHEMA = ninja_api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]
PREFIX = "/api/v1"
OPERATIONS = sorted((path, method.upper()) for path, operations in SCHEMA["paths"].items() for method in operations)
HUGE = 10**30

HOSTILE_VALUES = [
    0, -1, 2**31, 2**63, -(2**63) - 1, HUGE, 1.5, -0.0, True, False, None, [], {}, [1, 2], {"a": 1},
    "", " ", "\x00", "1\x00", "abc", "NaN", "Infinity", "-Infinity", "1e309", "-0", "0x10", "１２", "二〇二六",
    "9" * 40, "进" * 5000, "\x00" * 50, "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd",
    "\u202e", "😀" * 10, "\ufeff2026", "2026\n", "%00", "null",
]
HOSTILE = st.one_of(st.sampled_from(HOSTILE_VALUES), st.integers(), st.text(max_size=30),
                    st.floats(allow_nan=True, allow_infinity=True))
RAW_BODIES = ["", "null", "[]", "42", '"报送"', "{", '{"year": 2026,', '{"year": 1e999}', "\x00", "[" * 5000,
              '{"a":' * 2000 + "1" + "}" * 2000, "year=2026&month=1", "\ufeff{}"]
TOKENS = ["tj_" + "a" * 43, "tj_\x00abc", "x" * 5000, "", "tj_😀", "Bearer"]


def _resolve(schema):
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def valid(schema):
    """Values of the type ``schema`` declares (JSON Schema as ninja writes it: $ref, anyOf, enum, bounds)."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        return st.one_of([valid(option) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "integer":
        return st.integers(min_value=schema.get("minimum"), max_value=schema.get("maximum"))
    if kind == "number":
        return st.floats(min_value=schema.get("minimum"), max_value=schema.get("maximum"), allow_nan=False,
                         allow_infinity=False)
    if kind == "string":  # text, and the numbers and dates that APIs so often carry as strings
        return st.one_of(st.text(max_size=min(schema.get("maxLength", 40), 40)),
                         st.decimals(min_value=0, max_value=10**8, places=2).map(str), st.dates().map(str))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return st.lists(valid(schema.get("items", {})), max_size=3)
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        optional = {name: valid(s) for name, s in properties.items() if name not in required}
        return st.fixed_dictionaries({name: valid(properties[name]) for name in required}, optional=optional)
    return HOSTILE


def right_or_wrong(schema):
    return st.one_of(valid(schema), valid(schema), HOSTILE)


def as_query(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Call:
    """One request, with the caller and the ids named symbolically (the rows differ from run to run)."""

    method: str
    path: str  # as in the schema: /api/v1/projects/{project_id}
    caller: str = "coordinator"  # a role, "anonymous", or "token:<what is sent>"
    ids: dict = field(default_factory=dict)  # {"project_id": "own" | "other" | int | str}
    query: tuple = ()  # (name, value) pairs; a name may come twice
    body: object = None  # a JSON value, or a str sent as it is
    content_type: str = "application/json"


def _parameters(path, method):
    return SCHEMA["paths"][path][method.lower()].get("parameters", [])


def _body_schema(path, method):
    body = SCHEMA["paths"][path].get(method.lower(), {}).get("requestBody")
    return body and body["content"]["application/json"]["schema"]


@st.composite
def calls(draw):
    path, method = draw(st.sampled_from(OPERATIONS))
    if draw(st.sampled_from([False] * 9 + [True])):  # now and then a method the path does not have
        method = draw(st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]))
    if draw(st.sampled_from([True, True, True, False])):  # mostly someone with a token of their own
        caller = draw(st.sampled_from([*Role.values, Role.COORDINATOR, Role.ENTERPRISE]))
    else:
        caller = draw(st.sampled_from(["anonymous", *[f"token:{token}" for token in TOKENS]]))
    # How wrong the call is: all right (to reach the code behind the checks), partly, or thoroughly
    wrongness = draw(st.sampled_from(["right", "some", "all"]))
    values = {"right": valid, "some": right_or_wrong, "all": lambda schema: HOSTILE}[wrongness]
    parameters = _parameters(*next(op for op in OPERATIONS if op[0] == path))
    ids = {p["name"]: draw(st.sampled_from(["own", "own", "other"]) if wrongness == "right" else st.one_of(
        st.sampled_from(["own", "other", 0, 1, 2**63 - 1, 2**63, HUGE]), st.integers(min_value=0), HOSTILE))
           for p in parameters if p["in"] == "path"}
    query = []
    for parameter in (p for p in parameters if p["in"] == "query"):
        if draw(st.booleans()):
            drawn = draw(st.lists(values(parameter["schema"]), min_size=1, max_size=1 if wrongness == "right" else 3))
            query += [(parameter["name"], as_query(value)) for value in drawn]
    if wrongness != "right" and draw(st.booleans()):
        query.append((draw(st.sampled_from(["unknown", "page[]", "\x00", "q" * 300])), as_query(draw(HOSTILE))))
    body, content_type = None, "application/json"
    schema = _body_schema(path, method) or (_body_schema(path, "POST") if method != "GET" else None)
    if schema:
        properties = _resolve(schema).get("properties", {})
        if wrongness == "right":
            body = draw(valid(schema))
        elif wrongness == "some":
            fields = {name: right_or_wrong(s) for name, s in properties.items()}
            body = draw(st.fixed_dictionaries({}, optional={**fields, "unknown": HOSTILE}))
        else:
            not_an_object = HOSTILE.filter(lambda value: not isinstance(value, dict))
            body = draw(st.one_of(not_an_object, st.sampled_from(RAW_BODIES)))
            content_type = draw(st.sampled_from(["application/json", "text/plain",
                                                 "application/x-www-form-urlencoded", "application/json; charset=gbk"]))
    return Call(method, path, caller, ids, tuple(query), body, content_type)


# ---------------------------------------------------------------------------- sending a call


@pytest.fixture
def send(client, users, token_of, project, other_project):
    """``send(call)``: the response to ``call``, as the server answers it (a crash is a 500, not an exception)."""
    client.raise_request_exception = False
    tokens = {}

    def headers(caller):
        if caller == "anonymous":
            return {}
        if caller.startswith("token:"):
            return {"Authorization": "Bearer " + caller.removeprefix("token:")}
        user = users[Role(caller)]
        if user.pk not in tokens:
            tokens[user.pk] = token_of(user)
        return bearer(tokens[user.pk])

    def send(call):
        named = {"own": project.pk, "other": other_project.pk}
        ids = {name: quote(as_query(named[value] if value in ("own", "other") else value), safe="")
               for name, value in call.ids.items()}
        url = PREFIX + call.path.removeprefix(PREFIX).format(**ids)
        if call.query:
            url += "?" + urlencode(call.query)
        data = call.body if isinstance(call.body, str) else json.dumps(call.body, ensure_ascii=False)
        return client.generic(call.method, url, data.encode("utf-8", "surrogatepass") if call.method != "GET" else b"",
                              content_type=call.content_type, headers=headers(call.caller))

    return send


def chinese_json_error(response) -> str | None:
    """None when an error answer is a JSON object whose ``detail`` says in Chinese what is wrong."""
    if not response["Content-Type"].startswith("application/json"):
        return f"{response.status_code} answered as {response['Content-Type']}: {response.content[:200]!r}"
    try:
        detail = json.loads(response.content)["detail"]
    except (ValueError, KeyError, TypeError):
        return f"{response.status_code} without a detail: {response.content[:200]!r}"
    if not any("\u4e00" <= char <= "\u9fff" for char in str(detail)):
        return f"{response.status_code} with a detail not in Chinese: {detail!r}"
    return None


def _understood(schema) -> bool:
    """Whether ``valid`` knows how to make values of ``schema`` (rather than falling back to junk alone)."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        return all(_understood(option) for option in schema["anyOf"])
    if schema.get("type") == "object":
        return all(_understood(s) for s in schema.get("properties", {}).values())
    if schema.get("type") == "array":
        return _understood(schema.get("items", {}))
    return "enum" in schema or schema.get("type") in ("integer", "number", "string", "boolean", "null")


def test_it_knows_how_to_call_every_operation_in_the_schema():
    # Given every operation the schema lists (calls() draws from them, so a new endpoint is fuzzed as it ships)
    schemas = [(f"{method} {path} {p['name']}", p["schema"]) for path, method in OPERATIONS
               for p in _parameters(path, method)]
    schemas += [(f"{method} {path} body", _body_schema(path, method)) for path, method in OPERATIONS
                if _body_schema(path, method)]

    # When their parameters' and bodies' types are read
    unknown = [name for name, schema in schemas if not _understood(schema)]

    # Then the fuzz can make right values for each, not only junk
    assert len(OPERATIONS) >= 5
    assert not unknown, "types the fuzz cannot make values for (teach valid() them): " + ", ".join(unknown)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(call=calls())
@example(call=Call("GET", "/api/v1/projects/{project_id}", ids={"project_id": HUGE}))
@example(call=Call("GET", "/api/v1/projects", query=(("q", "锂\x00电"),)))
@example(call=Call("GET", "/api/v1/projects", query=(("page", "9" * 40), ("page_size", "-1"))))
@example(call=Call("POST", "/api/v1/projects/{project_id}/reports", caller=Role.ENTERPRISE, ids={"project_id": "own"},
                   body={"year": 2026, "month": 1, "completed_investment": "1\x00", "narrative": "土建\x00"}))
@example(call=Call("POST", "/api/v1/projects/{project_id}/reports", caller=Role.ENTERPRISE, ids={"project_id": "own"},
                   body="[" * 5000))
@example(call=Call("GET", "/api/v1/me", caller="token:tj_\x00abc"))
@example(call=Call("POST", "/api/v1/projects/{project_id}/reports", caller=Role.ENTERPRISE, ids={"project_id": "own"},
                   body={"year": 2025, "month": 12, "completed_investment": 1234.5, "submit": True}))
def test_it_answers_every_call_without_a_server_error(send, call):
    # Given a call built from the schema, right or wrong
    # When it is sent
    response = send(call)

    # Then the server does not fail, and a refusal says why in Chinese JSON
    assert response.status_code < 500, (call, response.content[:500])
    if response.status_code >= 400:
        problem = chinese_json_error(response)
        assert problem is None, (call, problem)
    else:
        json.loads(response.content)
