from django.urls import path

from . import views, views_mail, views_manage, views_subscriptions

app_name = "groups"

urlpatterns = [
    path("me/subscriptions/", views_subscriptions.my_subscriptions, name="subscriptions"),
    path("staff/sent-mail/", views_mail.SentMailView.as_view(), name="sent_mail"),
    path("groups/", views.GroupListView.as_view(), name="list"),
    path("groups/new/", views_manage.create_group, name="create"),
    path("groups/<slug:slug>/", views.GroupDetailView.as_view(), name="detail"),
    path("groups/<slug:slug>/edit/", views_manage.edit_group, name="edit"),
    path("groups/<slug:slug>/conclude/", views_manage.close_group, name="close"),
    path("groups/<slug:slug>/join/", views.request_to_join, name="request_to_join"),
    path("groups/<slug:slug>/supporting-states/", views.MembershipManageView.as_view(), name="memberships"),
    path("groups/<slug:slug>/supporting-states/add/", views.add_membership, name="add_membership"),
    path("groups/<slug:slug>/supporting-states/<int:pk>/end/", views.end_membership, name="end_membership"),
    path("groups/<slug:slug>/officers/", views.OfficerManageView.as_view(), name="officers"),
    path("groups/<slug:slug>/officers/appoint/", views.appoint_officer, name="appoint_officer"),
    path("join-requests/", views.JoinRequestListView.as_view(), name="join_requests"),
    path("join-requests/<int:pk>/approve/", views.approve_join_request, name="approve_join_request"),
    path("join-requests/<int:pk>/decline/", views.decline_join_request, name="decline_join_request"),
]
