from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "tuijin.enterprises"
    verbose_name = "企业"

    def ready(self):
        from . import importers  # noqa: F401  (registers with the imports framework)
        from tuijin.audit import registry

        from .models import Industry, Enterprise, EnterpriseYearFigures, Qualification, ServiceRecord

        # Audited (tuijin.audit): every create, change and delete of these records, with old and new values.
        registry.register(Industry)
        registry.register(Enterprise)
        registry.register(EnterpriseYearFigures, exclude=['version'])
        registry.register(Qualification)
        registry.register(ServiceRecord)
