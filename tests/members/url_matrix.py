from django.urls import reverse

from tests.matrix import LOGGED_IN, LOGIN, MFA, PUBLIC, REDIRECT, STAFF, Case, staff_action

CASES = {
    "members:states": Case(url=lambda w: reverse("members:states"), expect=PUBLIC),
    "members:me": Case(url=lambda w: reverse("members:me"), expect=LOGGED_IN),
    "members:preferences": Case(url=lambda w: reverse("members:preferences"), expect=LOGGED_IN),
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
