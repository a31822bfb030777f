"""Data migrations of the meetings app, run on rows written under the schema before them."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.meetings.factories import PDF_BYTES

BEFORE = [("meetings", "0009_follow_up_order")]
AFTER = [("meetings", "0011_document_files_leave_the_paper")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_existing_paper_becomes_a_paper_with_one_file_in_its_language(group, secretariat):
    old = migrate(BEFORE)
    Meeting = old.get_model("meetings", "Meeting")
    Document = old.get_model("meetings", "Document")
    meeting = Meeting.objects.create(
        group_id=group.pk, number=1, title="First", starts_at="2023-11-20T14:00Z", ends_at="2023-11-20T16:00Z"
    )
    name = default_storage.save("meetings/old/paper.pdf", ContentFile(PDF_BYTES))
    paper = Document.objects.create(
        meeting=meeting,
        symbol="GV-CDI/doc.3/23",
        number=3,
        title="Contribution",
        language="es",
        is_public=False,
        file=name,
        original_name="aporte.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by_id=secretariat.pk,
    )
    try:
        new = migrate(AFTER)
        moved = new.get_model("meetings", "Document").objects.get(pk=paper.pk)
        row = new.get_model("meetings", "DocumentFile").objects.get(document=moved)
        assert (moved.symbol, moved.language, moved.is_public) == ("GV-CDI/doc.3/23", "es", False)
        assert (row.language, row.file.name, row.original_name) == ("es", name, "aporte.pdf")
        assert (row.size, row.uploaded_by_id, row.uploaded_at) == (
            len(PDF_BYTES),
            secretariat.pk,
            paper.uploaded_at,
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
