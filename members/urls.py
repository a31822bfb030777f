from django.urls import path

from . import views, views_missions, views_unsubscribe

app_name = "members"

urlpatterns = [
    path("member-states/", views.StateDirectoryView.as_view(), name="states"),
    path("me/", views.MyPageView.as_view(), name="me"),
    path("me/preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("missions/", views_missions.MissionListView.as_view(), name="missions"),
    path("missions/<str:iso2>/", views_missions.mission_detail, name="mission"),
    path("missions/<str:iso2>/invite/", views_missions.invite, name="invite"),
    path("missions/<str:iso2>/import/", views_missions.import_list, name="import_list"),
    path("invitations/<uuid:token>/", views_missions.invitation, name="invitation"),
    path("invitations/<int:pk>/withdraw/", views_missions.revoke_invitation, name="revoke_invitation"),
    path("invitations/<int:pk>/confirm/", views_missions.confirm_invitation, name="confirm_invitation"),
    path("delegates/<int:pk>/end/", views_missions.end_accreditation, name="end_accreditation"),
    path("delegates/<int:pk>/focal-point/", views_missions.focal_point, name="focal_point"),
    path("accreditation/request/", views_missions.request_accreditation, name="request_accreditation"),
    path("accreditation/<int:pk>/decide/", views_missions.decide_request, name="decide_request"),
    path("unsubscribe/<str:token>/", views_unsubscribe.unsubscribe, name="unsubscribe"),
    path(
        "subscriptions/confirm/<str:token>/",
        views_unsubscribe.confirm_subscription,
        name="confirm_subscription",
    ),
    path("staff/undelivered-mail/", views.UndeliveredMailView.as_view(), name="undelivered_mail"),
    path("staff/undelivered-mail/resend/", views.resend_mail, name="resend_mail"),
]
