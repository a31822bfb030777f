from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from config.api import api
from config.sitemaps import sitemap_view
from config.views import search
from groups.views import HomeView

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap_view, name="sitemap"),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("search/", search, name="search"),
    path("translations/", include("config.translation_urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("members.urls")),
    path("", include("groups.urls")),
    path("", include("press.urls")),
    path("", include("meetings.urls")),
    path("", include("workplans.urls")),
    path("", include("webhooks.urls")),
    prefix_default_language=True,
)

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

# No /media/ route, not even in DEBUG: uploads and PDFs reach people only through views that
# check who may read them.
