"""Writes to the tables shown on the visitors' cached pages move the page revision (members.page_revision)."""

from django.db import migrations

from members.page_revision import track


class Migration(migrations.Migration):
    dependencies = [("meetings", "0017_stored_search_words"), ("members", "0013_page_revision_triggers")]

    operations = [
        track(
            "meetings_meeting",
            "meetings_room",
            "meetings_agendaitem",
            "meetings_attendance",
            "meetings_decision",
            "meetings_document",
            "meetings_documentfile",
            "meetings_meetingdatechange",
            "meetings_minutes",
            "meetings_presentation",
        )
    ]
