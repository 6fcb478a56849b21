"""Passwords are stored with Argon2id; a password stored earlier with PBKDF2 still logs in and is upgraded."""

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from tuijin.settings import PASSWORD_HASHERS

from ..factories import UserFactory


def test_a_pbkdf2_password_still_logs_in_and_is_stored_as_argon2_afterwards(client, db, settings):
    # Given the production hashers (the suite otherwise uses MD5 for speed) and a user whose password
    # was stored with PBKDF2 before the change
    settings.PASSWORD_HASHERS = PASSWORD_HASHERS
    user = UserFactory(username="old-hash")
    user.password = make_password("旧口令-pass-2025", hasher="pbkdf2_sha256")
    user.save()

    # When they log in with it
    response = client.post(reverse("login"), {"username": "old-hash", "password": "旧口令-pass-2025"})

    # Then they are in, and their password is now kept as Argon2id
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert client.post(reverse("login"), {"username": "old-hash", "password": "wrong-pass-000"}).status_code == 200


def test_new_passwords_are_argon2_first():
    assert PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in PASSWORD_HASHERS
