from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the platform: backup and restore. At the top of the layers, as a backup holds every app's data."""

    name = "tuijin.ops"
    label = "ops"
    verbose_name = "运维"
