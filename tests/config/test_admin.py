import pytest
from django.apps import apps
from django.contrib import admin

OWN_APPS = ("members", "groups")


def own_models():
    for app_label in OWN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


@pytest.mark.parametrize("model", list(own_models()), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin_with_columns_and_search(model):
    assert admin.site.is_registered(model), f"{model._meta.label} is not registered in the admin"
    model_admin = admin.site._registry[model]
    assert tuple(model_admin.list_display) != ("__str__",), f"{model._meta.label}: give it a list_display"
    assert model_admin.search_fields, f"{model._meta.label}: give it search_fields"
