from django.apps import AppConfig


class LeaderboardsConfig(AppConfig):
    name = "tuijin.leaderboards"
    verbose_name = "擂台赛"
