"""An enterprise user changes their password from the user menu; a guesser at the login page is locked out."""

import pytest

from tuijin.accounts.models import User

pytestmark = pytest.mark.browser


def test_it_changes_a_password_and_locks_out_a_guesser(page, live_server, log_in, screenshot, users, settings):
    settings.AXES_FAILURE_LIMIT = 5

    # Given the enterprise user logged in
    log_in("ent")

    # When they open 修改密码 from the user menu and try the demo password
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("password-change-link").click()
    page.fill("#id_old_password", "secret-pass-123")
    page.fill("#id_new_password1", "tuijin2026")
    page.fill("#id_new_password2", "tuijin2026")
    page.get_by_role("button", name="修改密码").click()

    # Then the page says why, in Chinese, under the rules
    errors = page.get_by_test_id("field-error").all_inner_texts()
    assert "这个密码太常见，容易被猜中，请换一个。" in errors
    assert "密码至少 10 个字符。" in page.get_by_test_id("password-rules").inner_text()
    screenshot("login-01-weak-password-refused")

    # When they choose a good one
    page.fill("#id_old_password", "secret-pass-123")
    page.fill("#id_new_password1", "Jincheng-Cailiao-47")
    page.fill("#id_new_password2", "Jincheng-Cailiao-47")
    page.get_by_role("button", name="修改密码").click()

    # Then they are back on their overview, still logged in, and told
    page.wait_for_url(f"{live_server.url}/")
    assert "密码已修改，下次登录请使用新密码。" in page.locator("main").inner_text()
    assert User.objects.get(username="ent").check_password("Jincheng-Cailiao-47")
    screenshot("login-02-password-changed")

    # When someone logs out and guesses the password five times
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{live_server.url}/login/")
    for guess in ["123456", "password", "jincheng123", "Jincheng2026", "tuijin2026"]:
        page.fill("#id_username", "ent")
        page.fill("#id_password", guess)
        page.click("button[type=submit]")
        page.wait_for_selector(".alert")

    # Then the login page says the account is locked, for how long, and whom to ask
    lockout = page.get_by_test_id("lockout").inner_text()
    assert "连续 5 次登录失败" in lockout and "锁定 30 分钟" in lockout and "请联系统筹协调人员" in lockout
    screenshot("login-03-locked-out")

    # And the right password does not get in until then
    page.fill("#id_username", "ent")
    page.fill("#id_password", "Jincheng-Cailiao-47")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=lockout]")
    assert page.url.startswith(f"{live_server.url}/login/")
