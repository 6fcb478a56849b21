"""修改密码: every user changes their own password, with the old one, under the password rules, in Chinese."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role, User

from ..pages import text

OLD = "secret-pass-123"
NEW = "Hongqi-Qu-7581"


def change(client, old=OLD, new=NEW, again=None):
    return client.post(reverse("password_change"),
                       {"old_password": old, "new_password1": new, "new_password2": new if again is None else again})


@pytest.mark.parametrize("role", list(Role))
def test_it_lets_every_role_change_their_password_and_stay_logged_in(client, users, role):
    # Given a user of any role (only coordinators are staff) logged in
    user = users[role]
    assert user.is_staff == (role == Role.COORDINATOR)
    client.force_login(user)

    # When they open 修改密码 from the user menu and change their password
    assert 'href="/account/password/"' in client.get(reverse("home")).content.decode()
    form = client.get(reverse("password_change"))
    assert "原密码" in text(form) and "密码至少 10 个字符。" in text(form)
    response = change(client)

    # Then they are told, and are still logged in
    assert response.status_code == 302
    home = client.get(response.url)
    assert home.status_code == 200 and "密码已修改，下次登录请使用新密码。" in text(home)

    # And the next login needs the new password
    client.post(reverse("logout"))
    assert client.post(reverse("login"), {"username": user.username, "password": OLD}).status_code == 200
    assert client.post(reverse("login"), {"username": user.username, "password": NEW}).status_code == 302


def test_it_refuses_a_wrong_old_password_in_chinese(client, users):
    client.force_login(users[Role.PARK_STAFF])

    response = change(client, old="not-my-password")

    assert response.status_code == 400
    assert "原密码不正确，请重新输入。" in text(response)
    assert User.objects.get(username="park").check_password(OLD)


def test_it_refuses_two_different_new_passwords(client, users):
    client.force_login(users[Role.PARK_STAFF])

    response = change(client, again="Hongqi-Qu-7582")

    assert response.status_code == 400 and "两次输入的新密码不一致。" in text(response)


def test_it_asks_for_every_field_in_chinese(client, users):
    client.force_login(users[Role.PARK_STAFF])

    response = client.post(reverse("password_change"), {})

    page = text(response)
    assert "请填写原密码。" in page and "请填写新密码。" in page and "请填写再次输入新密码。" in page


@pytest.mark.parametrize(("new", "message"), [
    ("short-1", "密码太短，至少需要 10 个字符。"),
    ("password", "这个密码太常见"),
    ("qwertyuiop", "这个密码太常见，容易被猜中，请换一个。"),
    ("tuijin2026", "这个密码太常见，容易被猜中，请换一个。"),
    ("abc123456", "这个密码太常见"),
    ("a123456789", "这个密码太常见"),
    ("woaini1314", "这个密码太常见"),
    ("zhang19880808", "这个密码是常见的组合"),
    ("Woaini@520520", "这个密码是常见的组合"),
    ("20260618123", "密码不能全是数字。"),
    ("park-gaoxin-1", "密码不能包含用户名，请换一个。"),
])
def test_it_refuses_weak_passwords_with_the_reason_in_chinese(client, users, new, message):
    # Given the park clerk (username "park")
    client.force_login(users[Role.PARK_STAFF])

    # When they choose a weak new password
    response = change(client, new=new)

    # Then it is refused, saying why, and the old password still works
    assert response.status_code == 400
    assert message in text(response)
    assert User.objects.get(username="park").check_password(OLD)


def test_it_refuses_a_password_like_ones_name(client, users):
    user = users[Role.DEPARTMENT_CLERK]
    user.full_name = "zhangxiaoming"
    user.save()
    client.force_login(user)

    response = change(client, new="Zhangxiaoming")

    assert response.status_code == 400 and "密码与姓名太相似，请换一个。" in text(response)


def test_it_takes_the_minimum_length_from_the_settings(client, users, settings):
    # Given a deployment that asks for 14 characters
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "tuijin.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 14}}]
    client.force_login(users[Role.LEADER])

    response = change(client, new="Hongqi-Qu-758")

    assert "密码太短，至少需要 14 个字符。" in text(response)


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_gives_the_admins_new_user_form_the_same_rules_in_chinese(client, users, park):
    # Given a coordinator adding a user in the admin with the demo password
    client.force_login(users[Role.COORDINATOR])

    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "newclerk", "password1": "tuijin2026", "password2": "tuijin2026", "usable_password": "true",
        "full_name": "新同事", "role": Role.PARK_STAFF, "organisation": park.pk,
    })

    # Then the admin refuses it with the Chinese reason, and no user is made
    assert response.status_code == 200
    assert "这个密码太常见，容易被猜中，请换一个。" in text(response)
    assert not User.objects.filter(username="newclerk").exists()
