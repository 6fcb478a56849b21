"""Strict readers for settings that come from environment variables.

A typo in a deployment's environment should stop the app at start-up, not surface
weeks later as a silently wrong default (compare healthchecks' ``envbool``).
"""

import os


class ConfigError(Exception):
    pass


def envstr(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off", ""):
        return False
    raise ConfigError(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """An integer; with bounds, a value outside them stops the app (a lockout limit of 0 or 1000 is a typo)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        number = default
    else:
        try:
            number = int(value)
        except ValueError:
            raise ConfigError(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum or maximum is not None and number > maximum:
        bounds = f"at least {minimum}" if maximum is None else (
            f"at most {maximum}" if minimum is None else f"between {minimum} and {maximum}")
        raise ConfigError(f"{name} must be {bounds}, got {number}")
    return number


def envlist(name: str, default: str) -> list[str]:
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]
