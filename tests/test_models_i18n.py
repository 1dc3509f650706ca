"""Every model and field of the project has a translatable verbose name."""

import pytest
from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import override

PROJECT_MODELS = [
    model for app in ("cities", "actors", "workshops")
    for model in apps.get_app_config(app).get_models()
    if not model.__name__.startswith("Historical")
]


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
def test_model_and_fields_have_translatable_names(model):
    assert isinstance(model._meta.verbose_name, Promise)
    assert isinstance(model._meta.verbose_name_plural, Promise)
    for field in model._meta.get_fields(include_hidden=False):
        if field.auto_created or not field.concrete:
            continue
        assert isinstance(field.verbose_name, Promise), f"{model.__name__}.{field.name}"
        with override("fr"):
            french = str(field.verbose_name)
        with override("en"):
            english = str(field.verbose_name)
        # Words spelt the same in both languages.
        if english.lower() not in {"slug", "latitude", "longitude", "format", "description",
                                   "source", "population", "logo", "date", "organisation",
                                   "action"}:
            assert french != english, f"{model.__name__}.{field.name} has no French name"
