from django.contrib.admin.apps import AdminConfig


class PlenaryAdminConfig(AdminConfig):
    default_site = "config.admin.PlenaryAdminSite"
