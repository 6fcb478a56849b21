from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "tuijin.matchmaking"
    verbose_name = "产用对接"

    def ready(self):
        # The 本土产品 importer registers with the imports framework, which imports no domain app.
        from . import importers  # noqa: F401
        from tuijin.audit import registry

        from .models import Invitation, MatchEvent, Need, Offering, Outcome

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        for model in (Offering, Need, MatchEvent, Invitation, Outcome):
            registry.register(model)
