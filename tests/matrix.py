"""Shared vocabulary for the role × URL matrix (see tests/test_url_matrix.py).

Each app lists its URLs in `tests/<app>/url_matrix.py` as `CASES = {url_name: Case(...)}`
and may add records to the shared world with `def extend_world(world): ...`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "no_role", "delegate_us", "delegate_non_member", "secretariat_no_mfa", "secretariat")

# Expected outcomes besides plain status codes.
LOGIN = "login"  # redirected to the login page
MFA = "mfa"  # redirected to set up two-factor authentication
REDIRECT = "redirect"  # any other redirect (a successful POST, usually)

PUBLIC = dict.fromkeys(ROLES, 200)
LOGGED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN}
STAFF = {
    "anonymous": LOGIN,
    "no_role": 403,
    "delegate_us": 403,
    "delegate_non_member": 403,
    "secretariat_no_mfa": MFA,
    "secretariat": 200,
}


def staff_action(success=REDIRECT):
    return {**STAFF, "secretariat": success}


@dataclass
class Case:
    url: Callable[[dict], str]
    expect: dict
    method: str = "get"
    data: Callable[[dict], dict] = field(default=lambda world: {})


# Planted by each app's extend_world in everything only staff (with MFA) may read: hidden
# comments, draft meetings, draft minutes, restricted papers, other states' draft plans,
# exports, unpublished or withdrawn releases. These roles must never receive it.
SECRET = "Qx7-staff-only-marker"
SECRET_KEPT_FROM = ("anonymous", "no_role", "secretariat_no_mfa")
