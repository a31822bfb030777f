from django.urls import path, register_converter

from . import feeds, views, views_manage, views_subscribe

app_name = "press"


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
    path("newsroom/", views.NewsroomView.as_view(), name="list"),
    path("newsroom/<reference:slug>/", views.PressReleaseDetailView.as_view(), name="release"),
    path("newsroom/<reference:slug>/pdf/", views.press_release_pdf, name="release_pdf"),
    path("newsroom/<reference:slug>/image/", views.press_release_image, name="release_image"),
    path("newsroom/feed/rss/", feeds.rss_feed, name="feed_rss"),
    path("newsroom/feed/atom/", feeds.atom_feed, name="feed_atom"),
    path("groups/<slug:slug>/newsroom/feed/rss/", feeds.rss_feed, name="group_feed_rss"),
    path("groups/<slug:slug>/newsroom/feed/atom/", feeds.atom_feed, name="group_feed_atom"),
    path("groups/<slug:slug>/newsroom/subscribe/", views_subscribe.subscribe, name="subscribe"),
    # Secretariat pages.
    path("newsroom/manage/", views_manage.PressManageView.as_view(), name="manage"),
    path("newsroom/manage/new/", views_manage.PressCreateView.as_view(), name="create"),
    path("newsroom/manage/from-meeting/", views_manage.press_from_meeting, name="from_meeting"),
    path("newsroom/manage/preview/", views_manage.press_preview, name="preview"),
    path("newsroom/manage/<int:pk>/", views_manage.press_edit, name="edit"),
    path("newsroom/manage/<int:pk>/submit/", views_manage.press_submit, name="submit"),
    path("newsroom/manage/<int:pk>/to-draft/", views_manage.press_return_to_draft, name="return_to_draft"),
    path("newsroom/manage/<int:pk>/schedule/", views_manage.press_schedule, name="schedule"),
    path("newsroom/manage/<int:pk>/publish/", views_manage.press_publish, name="publish"),
    path("newsroom/manage/<int:pk>/correct/", views_manage.press_correct, name="correct"),
    path("newsroom/manage/<int:pk>/withdraw/", views_manage.press_withdraw, name="withdraw"),
    path("newsroom/manage/<int:pk>/translate/", views_manage.press_translate, name="translate"),
]
