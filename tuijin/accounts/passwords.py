"""Password rules with Chinese messages, on Django's validators.

Django's validators say "too short" in whatever language is active, which outside a request (the admin's
add-user form under some set-ups, ``manage.py changepassword``) is English; these say it in Chinese always.
Django's common-password list comes from English-language leaks: ``tuijin2026`` (the demo password),
``woaini1314`` or ``abc123456`` are not in it, so a project list and a check for the usual Chinese patterns —
a pet word or a few letters around 123456, 1314, 520, 888 or a year — come on top.
"""

import re
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError

PROJECT_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-cn.txt"

# Words people put in front of (or behind) a number: pinyin, pet phrases, the system's own name, keyboard rows.
WEAK_WORDS = {
    "woaini", "aini", "iloveyou", "love", "woshi", "zhongguo", "china", "beijing", "tuijin", "admin", "root",
    "test", "user", "pass", "password", "passwd", "mima", "qq", "gov", "zf", "qwerty", "qwer", "asdf", "zxcv",
    "wang", "zhang", "li", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu", "zhu", "gao",
    "lin", "he", "guo", "ma", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao",
}
KEYBOARD_RUNS = ("abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")
WEAK_NUMBERS = ("5201314", "1314", "520", "521", "168", "147258369", "159357", "147258", "258369", "110", "119")
SYMBOLS = re.compile(r"[\s@._\-!#$%&*+=~^]+")
LETTERS_DIGITS_LETTERS = re.compile(r"([a-z]*)(\d*)([a-z]*)")

FIELD_NAMES = {"username": "用户名", "full_name": "姓名", "email": "电子邮箱", "phone": "手机号"}
# Django measures similarity over the whole password, so "park-gaoxin-1" passes for user "park"; these two
# must not appear in it at all.
CONTAINED = {"username", "phone"}


@lru_cache(maxsize=1)
def project_list() -> frozenset[str]:
    lines = PROJECT_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _weak_letters(letters: str) -> bool:
    return (len(letters) <= 3 or letters in WEAK_WORDS or len(set(letters)) == 1
            or any(letters in run for run in KEYBOARD_RUNS))


def _weak_chunk(chunk: str) -> bool:
    """A run of 3+ consecutive digits either way, one digit repeated, a lucky or loving number, a year, a date."""
    if len(chunk) >= 2 and len(set(chunk)) == 1:
        return True
    if len(chunk) >= 3 and (chunk in "01234567890" or chunk in "9876543210"):
        return True
    if chunk in WEAK_NUMBERS:
        return True
    if len(chunk) == 4:  # a year, or a birthday's month and day
        return 1950 <= int(chunk) <= 2049 or 1 <= int(chunk[:2]) <= 12 and 1 <= int(chunk[2:]) <= 31
    return False


@lru_cache(maxsize=256)
def _weak_digits(digits: str) -> bool:
    """True when ``digits`` is empty or splits wholly into weak chunks (123456, 1314, 888, 2026 …)."""
    if not digits:
        return True
    return any(_weak_chunk(digits[:end]) and _weak_digits(digits[end:]) for end in range(2, len(digits) + 1))


def is_patterned(password: str) -> bool:
    """A weak word or a few letters with a guessable number: abc123456, a123456789, woaini1314, zhang1990."""
    plain = SYMBOLS.sub("", password.lower())
    match = LETTERS_DIGITS_LETTERS.fullmatch(plain)
    if not match or not plain:
        return False
    before, digits, after = match.groups()
    if before and after:
        return False
    letters = before or after
    if not digits:
        return bool(letters) and any(letters in run for run in KEYBOARD_RUNS) or len(set(letters)) == 1
    return _weak_letters(letters) and _weak_digits(digits)


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符。"


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    """Django's comparison (whole value and its parts), on this project's fields, named in Chinese."""

    def __init__(self, user_attributes=tuple(FIELD_NAMES), max_similarity=0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def validate(self, password, user=None):
        if not user:
            return
        password = password.lower()
        for name in self.user_attributes:
            value = getattr(user, name, None)
            if not value or not isinstance(value, str):
                continue
            value = value.lower()
            if name in CONTAINED and len(value) >= 4 and value in password:
                raise ValidationError(f"密码不能包含{FIELD_NAMES[name]}，请换一个。", code="password_too_similar")
            for part in [*re.split(r"\W+", value), value]:
                if not part or django_validators.exceeds_maximum_length_ratio(password, self.max_similarity, part):
                    continue
                if SequenceMatcher(a=password, b=part).quick_ratio() >= self.max_similarity:
                    raise ValidationError(f"密码与{FIELD_NAMES.get(name, '个人信息')}太相似，请换一个。",
                                          code="password_too_similar")

    def get_help_text(self):
        return "密码不能与用户名、姓名、手机号等个人信息相似。"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    """Django's 20,000, the project list, and the patterns of ``is_patterned``."""

    def validate(self, password, user=None):
        lowered = password.lower().strip()
        if lowered in self.passwords or lowered in project_list():
            raise ValidationError(self.get_error_message(), code="password_too_common")
        if is_patterned(password):
            raise ValidationError("这个密码是常见的组合（字母或拼音加 123456、1314、520、888 或年份等），容易被猜中，请换一个。",
                                  code="password_too_common")

    def get_error_message(self):
        return "这个密码太常见，容易被猜中，请换一个。"

    def get_help_text(self):
        return "密码不能是常用密码，也不能是“拼音或几个字母加 123456、1314、年份”这类组合。"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self):
        return "密码不能全是数字。"

    def get_help_text(self):
        return "密码不能全是数字。"
