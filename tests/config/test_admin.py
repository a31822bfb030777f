import pytest
from django.apps import apps
from django.contrib import admin

# The foundation's models; each app adding models should extend its own admin test.
FOUNDATION_MODELS = [
    "members.User",
    "members.MemberState",
    "members.PermanentMission",
    "members.Delegate",
    "members.SecretariatUnit",
    "groups.WorkingGroup",
    "groups.Membership",
    "groups.Officer",
    "groups.JoinRequest",
]


def own_models():
    return [apps.get_model(label) for label in FOUNDATION_MODELS]


@pytest.mark.parametrize("model", own_models(), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin_with_columns_and_search(model):
    assert admin.site.is_registered(model), f"{model._meta.label} is not registered in the admin"
    model_admin = admin.site._registry[model]
    assert tuple(model_admin.list_display) != ("__str__",), f"{model._meta.label}: give it a list_display"
    assert model_admin.search_fields, f"{model._meta.label}: give it search_fields"
