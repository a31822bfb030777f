from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("member-states/", views.StateDirectoryView.as_view(), name="states"),
    path("me/", views.MyPageView.as_view(), name="me"),
    path("me/preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("staff/undelivered-mail/", views.UndeliveredMailView.as_view(), name="undelivered_mail"),
    path("staff/undelivered-mail/resend/", views.resend_mail, name="resend_mail"),
]
