from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import AccreditationRequest, Delegate, Invitation
from tests.factories import UserFactory
from tests.matrix import LOGGED_IN, LOGIN, MFA, PUBLIC, REDIRECT, STAFF, Case, staff_action


def extend_world(world):
    world["invitation"] = Invitation.objects.create(
        member_state=world["us"], email="new.adviser@state.example", full_name="New Adviser", language="en"
    )
    world["accreditation_request"] = AccreditationRequest.objects.create(
        user=UserFactory(email="asking@state.example"), member_state=world["br"]
    )
    world["delegate_br_record"] = Delegate.objects.get(
        user=world["users"]["delegate_br"], end_date__isnull=True
    )


# Records of a mission are hidden (404) from anyone who does not manage it.
MISSION_ACTION = {
    "anonymous": LOGIN,
    "no_role": 404,
    "delegate_us": 404,
    "delegate_non_member": 404,
    "secretariat_no_mfa": 404,
    "secretariat": REDIRECT,
}

# Links from emails: no account needed; a forged token gets the same plain 400 page for everyone.
FORGED_LINK = dict.fromkeys(
    ("anonymous", "no_role", "delegate_us", "delegate_non_member", "secretariat_no_mfa", "secretariat"), 400
)

CASES = {
    "members:unsubscribe": Case(
        url=lambda w: reverse("members:unsubscribe", kwargs={"token": "forged"}), expect=FORGED_LINK
    ),
    "members:confirm_subscription": Case(
        url=lambda w: reverse("members:confirm_subscription", kwargs={"token": "forged"}), expect=FORGED_LINK
    ),
    "members:states": Case(url=lambda w: reverse("members:states"), expect=PUBLIC),
    "members:me": Case(url=lambda w: reverse("members:me"), expect=LOGGED_IN),
    "members:preferences": Case(url=lambda w: reverse("members:preferences"), expect=LOGGED_IN),
    "members:missions": Case(url=lambda w: reverse("members:missions"), expect=STAFF),
    "members:mission": Case(
        url=lambda w: reverse("members:mission", kwargs={"iso2": "us"}),
        expect={
            "anonymous": LOGIN,
            "no_role": 403,
            "delegate_us": 200,
            "delegate_non_member": 200,
            "secretariat_no_mfa": 403,
            "secretariat": 200,
        },
    ),
    "members:invite": Case(
        url=lambda w: reverse("members:invite", kwargs={"iso2": "us"}),
        method="post",
        data=lambda w: {
            "full_name": "Ana Pérez",
            "email": "ana@state.example",
            "title": "adviser",
            "language": "es",
        },
        expect={**dict.fromkeys(MISSION_ACTION, 403), "anonymous": LOGIN, "secretariat": REDIRECT},
    ),
    "members:import_list": Case(
        url=lambda w: reverse("members:import_list", kwargs={"iso2": "us"}),
        method="post",
        data=lambda w: {
            "language": "en",
            "file": SimpleUploadedFile(
                "list.csv", b"email,full_name\nlee@state.example,Lee Park\n", "text/csv"
            ),
        },
        expect={**dict.fromkeys(MISSION_ACTION, 403), "anonymous": LOGIN, "secretariat": REDIRECT},
    ),
    "members:invitation": Case(
        url=lambda w: reverse("members:invitation", kwargs={"token": w["invitation"].token}), expect=PUBLIC
    ),
    "members:revoke_invitation": Case(
        url=lambda w: reverse("members:revoke_invitation", kwargs={"pk": w["invitation"].pk}),
        method="post",
        expect=MISSION_ACTION,
    ),
    "members:confirm_invitation": Case(
        url=lambda w: reverse("members:confirm_invitation", kwargs={"pk": w["invitation"].pk}),
        method="post",
        expect=staff_action(),
    ),
    "members:end_accreditation": Case(
        url=lambda w: reverse("members:end_accreditation", kwargs={"pk": w["delegate_br_record"].pk}),
        method="post",
        data=lambda w: {"end_date": "2030-01-01"},
        expect=MISSION_ACTION,
    ),
    "members:focal_point": Case(
        url=lambda w: reverse("members:focal_point", kwargs={"pk": w["delegate_br_record"].pk}),
        method="post",
        data=lambda w: {"is_focal_point": "1"},
        expect=MISSION_ACTION,
    ),
    "members:request_accreditation": Case(
        url=lambda w: reverse("members:request_accreditation"),
        expect={**LOGGED_IN, "delegate_us": REDIRECT, "delegate_non_member": REDIRECT},
    ),
    "members:decide_request": Case(
        url=lambda w: reverse("members:decide_request", kwargs={"pk": w["accreditation_request"].pk}),
        method="post",
        data=lambda w: {"decision": "approve", "reason": "Confirmed by the mission's note verbale."},
        expect=MISSION_ACTION,
    ),
    "members:undelivered_mail": Case(url=lambda w: reverse("members:undelivered_mail"), expect=STAFF),
    "members:resend_mail": Case(
        url=lambda w: reverse("members:resend_mail"),
        method="post",
        data=lambda w: {"everything": "on"},
        expect=staff_action(),
    ),
}

CASES["admin:login"] = Case(
    url=lambda w: reverse("admin:login"),
    # The admin has no password form: it sends people through the rate-limited login.
    expect={
        "anonymous": LOGIN,
        "no_role": 403,
        "delegate_us": 403,
        "delegate_non_member": 403,
        "secretariat_no_mfa": MFA,
        "secretariat": REDIRECT,
    },
)
