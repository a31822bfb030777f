from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("member-states/", views.StateDirectoryView.as_view(), name="states"),
    path("me/", views.MyPageView.as_view(), name="me"),
    path("me/preferences/", views.PreferencesView.as_view(), name="preferences"),
]
