from django.apps import AppConfig


class LeaderboardsConfig(AppConfig):
    name = "tuijin.leaderboards"
    verbose_name = "擂台赛"

    def ready(self):
        from tuijin.audit import registry

        from .models import Board, BoardMeasure

        # Audited (tuijin.audit): every create, change and delete of a board's configuration.
        registry.register(Board)
        registry.register(BoardMeasure)
