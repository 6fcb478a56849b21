from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tuijin.api"
    label = "api"
    verbose_name = "API 接口"

    def ready(self):
        from tuijin.audit import registry

        from .models import ApiToken

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(ApiToken, exclude=['key_hash'])
