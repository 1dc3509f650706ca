"""Field values as a revision stores them (JSON) and back, and as people read them."""

import datetime

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def stored(item, name: str, value):
    """`value` (as a form or serializer gives it) as JSON; an uploaded file is saved aside
    under revisions/ and stored by name."""
    field = item._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(obj, "pk", obj) for obj in value or [])
    if field.is_relation:
        return getattr(value, "pk", value)
    if isinstance(field, models.FileField):
        if isinstance(value, FieldFile):
            return value.name or ""
        if isinstance(value, File):
            target = field.generate_filename(item, value.name or "file")
            return default_storage.save(f"revisions/{target}", value)
        return value or ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def live(item, name: str):
    """The item's current value of a field, as a revision stores it."""
    field = item._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(item, name).values_list("pk", flat=True))
    if field.is_relation:
        return getattr(item, field.attname)
    return stored(item, name, getattr(item, name))


def python(model, name: str, raw):
    """The stored value back as the model wants it (objects for relations)."""
    field = model._meta.get_field(name)
    if field.many_to_many:
        return list(field.related_model.objects.filter(pk__in=raw or []))
    if field.is_relation:
        return field.related_model.objects.filter(pk=raw).first() if raw is not None else None
    if isinstance(field, (models.DateField, models.DateTimeField)) and raw:
        return field.to_python(raw)
    return raw


def readable(model, name: str, raw) -> str:
    """A stored value as a person reads it: labels of choices, names of related items,
    yes/no, local dates; "—" when empty."""
    field = model._meta.get_field(name)
    if raw in (None, "", []):
        return "—"
    if field.many_to_many:
        return ", ".join(str(obj) for obj in python(model, name, raw))
    if field.is_relation:
        return str(python(model, name, raw) or "?")
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(raw, bool):
        return _("Yes") if raw else _("No")
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return date_format(field.to_python(raw), "DATE_FORMAT")
    if isinstance(raw, list):
        return ", ".join(str(value) for value in raw)
    return str(raw)
