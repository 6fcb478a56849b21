from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tuijin.accounts"
    verbose_name = "组织与用户"

    def ready(self):
        from . import middleware  # noqa: F401 — registers the session stamps on user_logged_in
