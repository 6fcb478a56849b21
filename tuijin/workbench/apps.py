from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The home page (工作台) and the navigation: they show every module, so they sit above all of them."""

    name = "tuijin.workbench"
    verbose_name = "工作台"
