"""The groups' say in accreditation, read by members through the PLENARY_INVITED_AT_ONCE setting.

members sits below groups and cannot import it; the setting names this function so a mission's
invitation can follow the settings of the groups its state supports (the way Django names
authentication backends).
"""

from members.models import MemberState

from .models import Membership


def invited_at_once(member_state: MemberState, on=None) -> bool:
    """Does a person invited by this state's mission become its delegate on accepting?

    An invitation names a state, not a group, so the state's groups decide together: at once when
    any group the state currently supports says so (a state supporting a group that accredits at
    once is trusted by that group to name its delegation); otherwise the secretariat confirms.
    """
    return (
        Membership.objects.current(on)
        .filter(member_state=member_state, group__accredit_invited_at_once=True)
        .exists()
    )
