from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "tuijin.matchmaking"
    verbose_name = "产用对接"
