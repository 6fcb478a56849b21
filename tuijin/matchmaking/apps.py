from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "tuijin.matchmaking"
    verbose_name = "产用对接"

    def ready(self):
        from tuijin.audit import registry

        from .models import Invitation, MatchEvent, Need, Offering, Outcome

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        for model in (Offering, Need, MatchEvent, Invitation, Outcome):
            registry.register(model)
