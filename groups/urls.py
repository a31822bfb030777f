from django.urls import path, register_converter

from . import feeds, views, views_press

app_name = "groups"


class ReferenceConverter:
    """A release's address: its reference in lower case, e.g. e-079-23."""

    regex = r"[a-z]+(?:-[0-9a-z]+)+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "reference")

urlpatterns = [
    # The public newsroom first: these are the busiest addresses. References never match "manage".
    path("newsroom/", views_press.NewsroomView.as_view(), name="press_list"),
    path("newsroom/<reference:slug>/", views_press.PressReleaseDetailView.as_view(), name="press_release"),
    path("newsroom/<reference:slug>/pdf/", views_press.press_release_pdf, name="press_release_pdf"),
    path("newsroom/feed/rss/", feeds.rss_feed, name="press_feed_rss"),
    path("newsroom/feed/atom/", feeds.atom_feed, name="press_feed_atom"),
    path("groups/", views.GroupListView.as_view(), name="list"),
    path("groups/<slug:slug>/", views.GroupDetailView.as_view(), name="detail"),
    path("groups/<slug:slug>/join/", views.request_to_join, name="request_to_join"),
    path("groups/<slug:slug>/supporting-states/", views.MembershipManageView.as_view(), name="memberships"),
    path("groups/<slug:slug>/supporting-states/add/", views.add_membership, name="add_membership"),
    path("groups/<slug:slug>/supporting-states/<int:pk>/end/", views.end_membership, name="end_membership"),
    path("groups/<slug:slug>/officers/", views.OfficerManageView.as_view(), name="officers"),
    path("groups/<slug:slug>/officers/appoint/", views.appoint_officer, name="appoint_officer"),
    path("join-requests/", views.JoinRequestListView.as_view(), name="join_requests"),
    path("join-requests/<int:pk>/approve/", views.approve_join_request, name="approve_join_request"),
    path("join-requests/<int:pk>/decline/", views.decline_join_request, name="decline_join_request"),
    # Secretariat pages for press releases.
    path("newsroom/manage/", views_press.PressManageView.as_view(), name="press_manage"),
    path("newsroom/manage/new/", views_press.PressCreateView.as_view(), name="press_create"),
    path("newsroom/manage/from-meeting/", views_press.press_from_meeting, name="press_from_meeting"),
    path("newsroom/manage/preview/", views_press.press_preview, name="press_preview"),
    path("newsroom/manage/<int:pk>/", views_press.press_edit, name="press_edit"),
    path("newsroom/manage/<int:pk>/submit/", views_press.press_submit, name="press_submit"),
    path(
        "newsroom/manage/<int:pk>/to-draft/", views_press.press_return_to_draft, name="press_return_to_draft"
    ),
    path("newsroom/manage/<int:pk>/schedule/", views_press.press_schedule, name="press_schedule"),
    path("newsroom/manage/<int:pk>/publish/", views_press.press_publish, name="press_publish"),
    path("newsroom/manage/<int:pk>/correct/", views_press.press_correct, name="press_correct"),
    path("newsroom/manage/<int:pk>/withdraw/", views_press.press_withdraw, name="press_withdraw"),
    path("newsroom/manage/<int:pk>/translate/", views_press.press_translate, name="press_translate"),
    path("groups/<slug:slug>/newsroom/feed/rss/", feeds.rss_feed, name="group_press_feed_rss"),
    path("groups/<slug:slug>/newsroom/feed/atom/", feeds.atom_feed, name="group_press_feed_atom"),
]
