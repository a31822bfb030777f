from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PlenaryAdminConfig(AdminConfig):
    default_site = "config.admin.PlenaryAdminSite"


class PlenaryConfig(AppConfig):
    """The top layer: it alone may know every app (URLs, `load_demo`)."""

    name = "config"
    verbose_name = "Plenary"
