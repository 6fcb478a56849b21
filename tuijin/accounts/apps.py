from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tuijin.accounts"
    verbose_name = "组织与用户"

    def ready(self):
        from . import lockout, middleware  # noqa: F401 — their user_logged_in receivers
