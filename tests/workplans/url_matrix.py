import uuid

from django.core.files.base import ContentFile
from django.urls import reverse

from tests.matrix import LOGIN, PUBLIC, REDIRECT, SECRET, STAFF, Case, staff_action
from tests.workplans.conftest import make_plan, make_round
from workplans.models import MatrixExport, WorkPlan
from workplans.services import comments as comment_services
from workplans.services import plans as plan_services

# Delegates (of any state) read plans in consultation; the public reads only adopted plans.
DELEGATES_READ = {
    "anonymous": 404,
    "no_role": 404,
    "delegate_us": 200,
    "delegate_non_member": 200,
    "secretariat_no_mfa": 404,  # without MFA, staff read as a plain signed-in user
    "secretariat": 200,
}
LOGGED_IN_READ = {**DELEGATES_READ, "anonymous": LOGIN}


def extend_world(world):
    users = world["users"]
    staff = users["secretariat"]
    plan = make_plan(world["group"], world["us"], staff)
    version = plan.versions.get()
    comment_round = make_round(version, staff)
    plan_services.start_revision(plan=plan, author=staff)
    WorkPlan.objects.filter(pk=plan.pk).update(status=WorkPlan.Status.CONSULTATION)
    paragraph = version.paragraphs.get(number=1)
    world["plan"] = plan
    world["version"] = version
    world["paragraph"] = paragraph
    world["round"] = comment_round
    world["comment_us"] = comment_services.submit_comment(
        comment_round=comment_round,
        user=users["delegate_us"],
        kind="amendment",
        proposed_text="The group will foster open dialogue.",
        paragraph_key=paragraph.key,
        token=uuid.uuid4(),
    )
    world["comment_br"] = comment_services.submit_comment(
        comment_round=comment_round,
        user=users["delegate_br"],
        kind="comment",
        body=f"Brazil's private view. {SECRET}",
        paragraph_key=paragraph.key,
        token=uuid.uuid4(),
    )
    world["draft_br"] = make_plan(world["group"], world["br"], staff)
    WorkPlan.objects.filter(pk=world["draft_br"].pk).update(title=f"Brazil's draft {SECRET}")
    export = MatrixExport.objects.create(
        round=comment_round, requested_by=staff, status=MatrixExport.Status.READY
    )
    export.file.save("matrix-test.pdf", ContentFile(b"%PDF-1.7 test " + SECRET.encode()), save=True)
    world["export"] = export


def plan_kw(w):
    return {"pk": w["plan"].pk}


def version_kw(w, number=1):
    return {"pk": w["plan"].pk, "number": number}


def round_kw(w):
    return {"pk": w["round"].pk}


OWN_STATE_CHANGE = {
    "anonymous": LOGIN,
    "no_role": 404,
    "delegate_us": 200,
    "delegate_non_member": 404,  # the comment is hidden from other delegations while the round is open
    "secretariat_no_mfa": 404,
    "secretariat": 403,
}

CASES = {
    "workplans:list": Case(url=lambda w: reverse("workplans:list"), expect=PUBLIC),
    "workplans:create": Case(
        url=lambda w: reverse("workplans:create", kwargs={"slug": w["group"].slug}), expect=STAFF
    ),
    "workplans:detail": Case(
        url=lambda w: reverse("workplans:detail", kwargs=plan_kw(w)), expect=DELEGATES_READ
    ),
    "workplans:version": Case(
        url=lambda w: reverse("workplans:version", kwargs=version_kw(w)), expect=DELEGATES_READ
    ),
    "workplans:version_pdf": Case(
        url=lambda w: reverse("workplans:version_pdf", kwargs=version_kw(w)), expect=DELEGATES_READ
    ),
    "workplans:edit_version": Case(
        url=lambda w: reverse("workplans:edit_version", kwargs=version_kw(w, 2)), expect=STAFF
    ),
    "workplans:translate_version": Case(
        url=lambda w: reverse("workplans:translate_version", kwargs={**version_kw(w), "language": "es"}),
        expect=STAFF,
    ),
    "workplans:paragraph_comments": Case(
        url=lambda w: reverse(
            "workplans:paragraph_comments", kwargs={**version_kw(w), "key": w["paragraph"].key}
        ),
        expect=DELEGATES_READ,
    ),
    "workplans:create_round": Case(
        url=lambda w: reverse("workplans:create_round", kwargs=version_kw(w, 2)), expect=STAFF
    ),
    "workplans:import": Case(url=lambda w: reverse("workplans:import", kwargs=plan_kw(w)), expect=STAFF),
    "workplans:revise": Case(
        url=lambda w: reverse("workplans:revise", kwargs=plan_kw(w)), method="post", expect=staff_action()
    ),
    "workplans:compare": Case(
        url=lambda w: reverse("workplans:compare", kwargs=plan_kw(w)), expect=DELEGATES_READ
    ),
    "workplans:adopt": Case(url=lambda w: reverse("workplans:adopt", kwargs=plan_kw(w)), expect=STAFF),
    "workplans:round": Case(
        url=lambda w: reverse("workplans:round", kwargs=round_kw(w)), expect=LOGGED_IN_READ
    ),
    "workplans:extend_round": Case(
        url=lambda w: reverse("workplans:extend_round", kwargs=round_kw(w)),
        method="post",
        data=lambda w: {"closes_at": "2099-01-31T17:00"},
        expect=staff_action(),
    ),
    "workplans:close_round": Case(
        url=lambda w: reverse("workplans:close_round", kwargs=round_kw(w)),
        method="post",
        expect=staff_action(),
    ),
    "workplans:dashboard": Case(
        url=lambda w: reverse("workplans:dashboard", kwargs=round_kw(w)), expect=STAFF
    ),
    "workplans:create_comment": Case(
        url=lambda w: reverse("workplans:create_comment", kwargs=round_kw(w)),
        # Only delegates of states invited to comment; Honduras does not support the group.
        expect={
            "anonymous": LOGIN,
            "no_role": 404,
            "delegate_us": 200,
            "delegate_non_member": 403,
            "secretariat_no_mfa": 404,
            "secretariat": 403,
        },
    ),
    "workplans:matrix": Case(
        url=lambda w: reverse("workplans:matrix", kwargs=round_kw(w)), expect=LOGGED_IN_READ
    ),
    "workplans:matrix_csv": Case(
        url=lambda w: reverse("workplans:matrix_csv", kwargs=round_kw(w)), expect=LOGGED_IN_READ
    ),
    "workplans:matrix_xlsx": Case(
        url=lambda w: reverse("workplans:matrix_xlsx", kwargs=round_kw(w)), expect=LOGGED_IN_READ
    ),
    "workplans:matrix_pdf": Case(
        url=lambda w: reverse("workplans:matrix_pdf", kwargs=round_kw(w)),
        method="post",
        expect={
            **dict.fromkeys(LOGGED_IN_READ, REDIRECT),
            "anonymous": LOGIN,
            "no_role": 404,
            "secretariat_no_mfa": 404,
        },
    ),
    "workplans:edit_comment": Case(
        url=lambda w: reverse("workplans:edit_comment", kwargs={"pk": w["comment_us"].pk}),
        expect=OWN_STATE_CHANGE,
    ),
    "workplans:withdraw_comment": Case(
        url=lambda w: reverse("workplans:withdraw_comment", kwargs={"pk": w["comment_us"].pk}),
        method="post",
        expect={**OWN_STATE_CHANGE, "delegate_us": REDIRECT},
    ),
    "workplans:disposition": Case(
        url=lambda w: reverse("workplans:disposition", kwargs={"pk": w["comment_br"].pk}),
        method="post",
        data=lambda w: {f"c{w['comment_br'].pk}-disposition": "noted"},
        expect=staff_action(),
    ),
    "workplans:export": Case(
        url=lambda w: reverse("workplans:export", kwargs={"pk": w["export"].pk}),
        expect={**LOGGED_IN_READ, "delegate_us": 404, "delegate_non_member": 404},
    ),
    "workplans:export_download": Case(
        url=lambda w: reverse("workplans:export_download", kwargs={"pk": w["export"].pk}),
        expect={**LOGGED_IN_READ, "delegate_us": 404, "delegate_non_member": 404},
    ),
}

SECRET_PROBES = {
    "other state's draft plan": lambda w: reverse("workplans:detail", kwargs={"pk": w["draft_br"].pk}),
    "other state's draft version": lambda w: reverse(
        "workplans:version", kwargs={"pk": w["draft_br"].pk, "number": 1}
    ),
    "group's plans": lambda w: reverse("workplans:list"),
}
