import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import make_secretariat
from tests.test_url_matrix import EXTENDERS

OWN_APPS = ("members", "groups", "webhooks", "meetings", "workplans")


def own_models():
    for app_label in OWN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


OWN_MODELS = list(own_models())


def label(model):
    return model._meta.label


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(db):
    user = make_secretariat("root@secretariat.example")
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def superuser_client(superuser):
    return client_for(superuser)


@pytest.mark.parametrize("model", OWN_MODELS, ids=label)
def test_every_model_is_in_the_admin_with_columns_and_search(model):
    assert admin.site.is_registered(model), f"{model._meta.label} is not registered in the admin"
    model_admin = admin.site._registry[model]
    assert tuple(model_admin.list_display) != ("__str__",), f"{model._meta.label}: give it a list_display"
    assert model_admin.search_fields, f"{model._meta.label}: give it search_fields"


@pytest.mark.parametrize("model", OWN_MODELS, ids=label)
def test_changelist_search_and_add_page_open_for_a_superuser(model, superuser, superuser_client):
    changelist = admin_url(model, "changelist")
    assert superuser_client.get(changelist).status_code == 200
    assert superuser_client.get(changelist, {"q": "a"}).status_code == 200
    request = RequestFactory().get(changelist)
    request.user = superuser
    may_add = admin.site._registry[model].has_add_permission(request)
    assert superuser_client.get(admin_url(model, "add")).status_code == (200 if may_add else 403)


@pytest.fixture
def records(db, request, superuser):
    """The role × URL matrix's world (a record of most models) plus the workflow records it lacks."""
    import datetime

    from django.core.files.base import ContentFile

    from meetings import services as meeting_services
    from meetings.models import (
        Decision,
        MinutesCorrection,
        MinutesItem,
        MinutesItemTranslation,
        MinutesTranslation,
        PrintedDocument,
    )
    from workplans.models import ParagraphTranslation, SectionTranslation, VersionPrint

    users = {
        "no_role": request.getfixturevalue("no_role_user"),
        "delegate_us": request.getfixturevalue("delegate_us"),
        "delegate_br": request.getfixturevalue("delegate_br"),
        "delegate_non_member": request.getfixturevalue("delegate_of_non_member"),
        "secretariat_no_mfa": request.getfixturevalue("secretariat_without_mfa"),
        "secretariat": request.getfixturevalue("secretariat"),
    }
    world = {"users": users, "group": request.getfixturevalue("group")}
    for key in ("us", "br", "hn"):
        world[key] = request.getfixturevalue(key)
    for extend in EXTENDERS:
        extend(world)
    meeting = world["meeting"]
    meeting_services.postpone_meeting(
        meeting=meeting,
        starts_at=meeting.starts_at + datetime.timedelta(days=7),
        ends_at=meeting.ends_at + datetime.timedelta(days=7),
        reason="The room is needed for the General Assembly.",
        changed_by=users["secretariat"],
    )
    minutes = world["minutes_meeting"].minutes
    MinutesItem.objects.create(minutes=minutes, position=1, title="Opening", summary="The chair opened.")
    Decision.objects.create(minutes=minutes, number=1, text="The group adopted its agenda.")
    MinutesCorrection.objects.create(
        minutes=minutes,
        member_state=world["us"],
        submitted_by=users["delegate_us"],
        text="Our delegate spoke second.",
        revision=minutes.revision,
    )
    item = minutes.items.get()
    MinutesTranslation.objects.create(
        minutes=minutes, language="es", opening="La presidencia abrió la sesión."
    )
    MinutesItemTranslation.objects.create(item=item, language="es", title="Apertura", summary="Se abrió.")
    version = world["plan"].versions.first()
    SectionTranslation.objects.create(section=version.sections.first(), language="fr", heading="Objet")
    ParagraphTranslation.objects.create(
        paragraph=version.paragraphs.first(), language="fr", text="Le groupe."
    )
    printed = PrintedDocument(meeting=minutes.meeting, kind=PrintedDocument.Kind.MINUTES, fingerprint="r1")
    printed.file.save("minutes.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    version_print = VersionPrint(version=world["plan"].versions.first(), language="en", fingerprint="f1")
    version_print.file.save("version.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    from meetings.models import DocumentText

    paper_file = world["document"].files.first()
    DocumentText.objects.create(
        document_file=paper_file,
        file_name=paper_file.file.name,
        text="Words of the file.",
        outcome="read",
    )
    from members.subscriptions import DigestItem, Subscription

    Subscription.objects.create(
        user=users["delegate_us"], group_id=world["group"].pk, kind="press", choice="digest"
    )
    DigestItem.objects.create(
        recipient=users["delegate_us"], kind="press.published", subject_key="pressset:1"
    )
    from members.translation_status import stamp_edit

    world["group"].aims_es = "Fomentar el diálogo."
    stamp_edit(obj=world["group"], before={}, by=users["secretariat"])
    return world


def test_changelist_with_rows_and_change_page_of_every_model_open_for_a_superuser(records, superuser_client):
    failures, opened = [], 0
    for model in OWN_MODELS:
        # With rows, so every list_display column is computed.
        response = superuser_client.get(admin_url(model, "changelist"))
        if response.status_code != 200:
            failures.append(f"{model._meta.label} list: {response.status_code}")
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        response = superuser_client.get(admin_url(model, "change", obj.pk))
        opened += 1
        if response.status_code != 200:
            failures.append(f"{model._meta.label}: {response.status_code}")
    assert not failures
    # The app's own workflow models all have a record here, so each change page was really opened.
    workflow_models = [m for m in OWN_MODELS if m._meta.app_label in ("meetings", "workplans")]
    assert all(m._default_manager.exists() for m in workflow_models), [
        m._meta.label for m in workflow_models if not m._default_manager.exists()
    ]
    assert opened >= len(workflow_models)


# Fields that only a service may change: numbering, workflow state, calendar revision, generated files,
# sanitised HTML, concurrency and idempotency keys.
WORKFLOW_FIELDS = {
    "meetings.Meeting": [
        "status",
        "number",
        "ics_sequence",
        "uid",
        "starts_at",
        "ends_at",
        "cancellation_reason",
    ],
    "meetings.MeetingDateChange": ["old_starts_at", "new_starts_at", "reason"],
    "meetings.AgendaItem": ["position"],
    "meetings.Document": ["symbol", "number"],
    "meetings.Attendance": ["status", "checked_in_by_delegate", "confirmed_by", "confirmed_at"],
    "meetings.Minutes": [
        "status",
        "revision",
        "symbol",
        "circulated_at",
        "approved_at_meeting",
        "published_at",
    ],
    "meetings.MinutesRevision": ["number", "status", "content"],
    "meetings.MinutesCorrection": ["text", "revision"],
    "meetings.PrintedDocument": ["file", "fingerprint"],
    "workplans.WorkPlan": ["status", "adopted_version", "adopted_on", "adopted_at", "decision_text"],
    "workplans.WorkPlanVersion": ["number", "frozen", "body_revision"],
    "workplans.Paragraph": ["key", "number", "text"],
    "workplans.CommentRound": ["opens_at", "closes_at", "closed_early_at"],
    "workplans.Comment": ["status", "revision", "idempotency_key", "body", "body_html", "response_html"],
    "workplans.RoundNotice": ["key", "recipient_count"],
    "workplans.MatrixExport": ["status", "file"],
    "workplans.VersionPrint": ["file", "fingerprint", "made_at"],
    "press.PressRelease": ["status", "reference", "published_at"],
    "press.PressReferenceCounter": ["last_number"],
}


@pytest.mark.parametrize("model_label", sorted(WORKFLOW_FIELDS))
def test_workflow_fields_cannot_be_edited_in_the_admin(model_label, superuser):
    model = apps.get_model(model_label)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = superuser
    editable = set()
    if model_admin.has_change_permission(request):
        editable = set(model_admin.get_form(request, None, change=True).base_fields)
    assert not editable & set(WORKFLOW_FIELDS[model_label])


def _post_data(response):
    """The change form as the browser would send it back, management forms of the inlines included."""
    data = {}
    for inline_formset in response.context["inline_admin_formsets"]:
        management = inline_formset.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
    return data


def test_posting_workflow_fields_to_the_meeting_admin_changes_only_the_editable_ones(
    records, superuser_client
):
    meeting = records["meeting"]
    meeting.refresh_from_db()
    before = (meeting.status, meeting.number, meeting.title, meeting.starts_at, meeting.ics_sequence)
    url = admin_url(meeting.__class__, "change", meeting.pk)
    data = _post_data(superuser_client.get(url)) | {
        "is_public": "",
        "convening_unit": "",
        "status": "cancelled",
        "number": "99",
        "title": "Renamed behind the calendar's back",
        "starts_at_0": "2030-01-01",
        "starts_at_1": "10:00",
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert (meeting.status, meeting.number, meeting.title, meeting.starts_at, meeting.ics_sequence) == before
    assert meeting.is_public is False
