"""Settings from the environment: a malformed value stops the app with a message naming the variable."""

import pytest

from tuijin.lib.env import ConfigError, envbool, envint, envlist, envstr


@pytest.mark.parametrize("value", ["true", "True", "TRUE", "1", "yes", "on", " On "])
def test_it_reads_true(monkeypatch, value):
    monkeypatch.setenv("TUIJIN_TEST_FLAG", value)

    assert envbool("TUIJIN_TEST_FLAG", "false") is True


@pytest.mark.parametrize("value", ["false", "False", "0", "no", "OFF", "", "  "])
def test_it_reads_false(monkeypatch, value):
    monkeypatch.setenv("TUIJIN_TEST_FLAG", value)

    assert envbool("TUIJIN_TEST_FLAG", "true") is False


def test_it_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("TUIJIN_TEST_FLAG", raising=False)

    assert envbool("TUIJIN_TEST_FLAG", "true") is True
    assert envbool("TUIJIN_TEST_FLAG", "false") is False
    assert envint("TUIJIN_TEST_NUMBER", 20) == 20
    assert envlist("TUIJIN_TEST_LIST", "a, b") == ["a", "b"]
    assert envstr("TUIJIN_TEST_TEXT", "fallback") == "fallback"


@pytest.mark.parametrize("value", ["maybe", "ture", "2", "y es"])
def test_it_refuses_a_flag_that_is_neither(monkeypatch, value):
    # Given a typo in a deployment's environment
    monkeypatch.setenv("SESSION_COOKIE_SECURE", value)

    # When the flag is read
    with pytest.raises(ConfigError) as error:
        envbool("SESSION_COOKIE_SECURE", "false")

    # Then the error names the variable and the bad value
    assert str(error.value) == f"SESSION_COOKIE_SECURE must be true or false, got {value.strip().lower()!r}"


def test_it_refuses_a_bad_default_too():
    with pytest.raises(ConfigError, match="TUIJIN_UNSET_FLAG must be true or false"):
        envbool("TUIJIN_UNSET_FLAG", "maybe")


@pytest.mark.parametrize(("value", "expected"), [("50", 50), (" 7 ", 7), ("-1", -1), ("", 20)])
def test_it_reads_integers(monkeypatch, value, expected):
    monkeypatch.setenv("PROJECTS_PAGE_SIZE", value)

    assert envint("PROJECTS_PAGE_SIZE", 20) == expected


@pytest.mark.parametrize("value", ["abc", "20.5", "2O", "1e3"])
def test_it_refuses_a_number_that_is_not_an_integer(monkeypatch, value):
    monkeypatch.setenv("PROJECTS_PAGE_SIZE", value)

    with pytest.raises(ConfigError) as error:
        envint("PROJECTS_PAGE_SIZE", 20)

    assert str(error.value) == f"PROJECTS_PAGE_SIZE must be an integer, got {value!r}"


@pytest.mark.parametrize(("value", "expected"), [
    ("tuijin.gov.cn, 10.8.0.12 ,localhost", ["tuijin.gov.cn", "10.8.0.12", "localhost"]),
    ("one", ["one"]),
    (" , ,", []),
    ("a,,b,", ["a", "b"]),
])
def test_it_splits_and_trims_lists(monkeypatch, value, expected):
    monkeypatch.setenv("ALLOWED_HOSTS", value)

    assert envlist("ALLOWED_HOSTS", "127.0.0.1,localhost") == expected


def test_it_treats_an_empty_string_as_unset(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "")

    assert envstr("SECRET_KEY") is None
    assert envstr("SECRET_KEY", "dev") == "dev"


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("10", 10), ("", 5)])
def test_it_reads_an_integer_within_its_bounds(monkeypatch, value, expected):
    monkeypatch.setenv("LOGIN_FAILURE_LIMIT", value)

    assert envint("LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=10) == expected


@pytest.mark.parametrize(("bounds", "value", "message"), [
    ({"minimum": 1, "maximum": 10}, "11", "LOGIN_FAILURE_LIMIT must be between 1 and 10, got 11"),
    ({"minimum": 1, "maximum": 10}, "0", "LOGIN_FAILURE_LIMIT must be between 1 and 10, got 0"),
    ({"minimum": 1}, "-5", "LOGIN_FAILURE_LIMIT must be at least 1, got -5"),
    ({"maximum": 10}, "99", "LOGIN_FAILURE_LIMIT must be at most 10, got 99"),
])
def test_it_refuses_an_integer_out_of_bounds(monkeypatch, bounds, value, message):
    # Given a lockout limit that would never lock anyone out (or lock out everyone)
    monkeypatch.setenv("LOGIN_FAILURE_LIMIT", value)

    # When it is read
    with pytest.raises(ConfigError) as error:
        envint("LOGIN_FAILURE_LIMIT", 5, **bounds)

    # Then the error names the variable, the bounds and the value
    assert str(error.value) == message


def test_it_refuses_a_default_out_of_bounds_too(monkeypatch):
    monkeypatch.delenv("LOGIN_FAILURE_LIMIT", raising=False)

    with pytest.raises(ConfigError, match="LOGIN_FAILURE_LIMIT must be between 1 and 10, got 50"):
        envint("LOGIN_FAILURE_LIMIT", 50, minimum=1, maximum=10)


def test_every_setting_read_from_the_environment_is_in_the_readme_table():
    # Given the variables settings.py reads through lib/env's helpers
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[1]
    read = set(re.findall(r'env(?:str|bool|int|list)\("([A-Z][A-Z_0-9]+)"', (root / "tuijin/settings.py").read_text()))
    # When the README's settings table is read
    documented = set(re.findall(r"^\| `([A-Z][A-Z_0-9]+)` \|", (root / "README.md").read_text(), re.M))
    # Then an operator finds each of them there
    assert read and sorted(read - documented) == []
