"""Calling the API as a phone app does: a bearer token in the Authorization header, JSON in and out."""

import json

import pytest

from tuijin.api.actions import create_token


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def token_of(db):
    """A fresh plain token for ``user``."""

    def make(user, name="手机App"):
        return create_token(user, name=name)[1]

    return make


@pytest.fixture
def api(client, token_of):
    """``api.get(user, path, **params)`` and ``api.post(user, path, body)`` with a token of ``user``."""

    class Caller:
        def __init__(self):
            self.tokens = {}

        def headers(self, user):
            if user.pk not in self.tokens:
                self.tokens[user.pk] = token_of(user)
            return bearer(self.tokens[user.pk])

        def get(self, user, path, **params):
            return client.get(f"/api/v1{path}", params, headers=self.headers(user))

        def post(self, user, path, body):
            return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json",
                               headers=self.headers(user))

    return Caller()
