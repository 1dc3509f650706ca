"""Reads of revisions: the diff a moderator reviews and the pending changes of a list of
items in one query (what waits for a user is revisions.queue)."""

from dataclasses import dataclass

from django.db import models

from revisions.models import Revision
from revisions.values import live, readable

# Fields a moderator may retype before approving (text, numbers, choices, dates).
EDITABLE = (models.CharField, models.TextField, models.IntegerField, models.FloatField,
            models.DateField, models.URLField)


@dataclass
class Change:
    name: str
    label: str
    old: str
    new: str
    old_raw: object
    new_raw: object
    is_image: bool
    editable: bool


def diff(revision: Revision, item=None) -> list[Change]:
    """Field by field, the published value and the proposed one, readable (labels,
    names, local dates), in the model's field order."""
    item = item or revision.item
    model = type(item)
    rows = []
    order = [field.name for field in model._meta.get_fields()]
    for name in sorted(revision.changes, key=lambda n: order.index(n) if n in order else 99):
        field = model._meta.get_field(name)
        old_raw = revision.previous.get(name) if revision.status == "approved" else live(
            item, name)
        new_raw = revision.changes[name]
        rows.append(Change(
            name=name, label=str(field.verbose_name).capitalize(),
            old=readable(model, name, old_raw), new=readable(model, name, new_raw),
            old_raw=old_raw, new_raw=new_raw,
            is_image=isinstance(field, models.ImageField),
            editable=isinstance(field, EDITABLE) and not field.is_relation
            and not isinstance(new_raw, (list, dict)),
        ))
    return rows


def attach_pending(items) -> list:
    """Sets `pending_revision` (a Revision or None) on each item, in one query a model."""
    items = list(items)
    by_model = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item)
    for model, group in by_model.items():
        found = {revision.object_id: revision for revision in
                 Revision.objects.pending().for_items(model, [item.pk for item in group])}
        for item in group:
            item.pending_revision = found.get(item.pk)
    return items


def _api_value(model, name: str, raw):
    field = model._meta.get_field(name)
    if not field.is_relation or raw is None:
        return raw
    related = field.related_model
    key = "slug" if any(f.name == "slug" for f in related._meta.fields) else "pk"
    if field.many_to_many:
        return sorted(related.objects.filter(pk__in=raw).values_list(key, flat=True))
    return related.objects.filter(pk=raw).values_list(key, flat=True).first()


def api_representation(revision: Revision) -> dict:
    """A revision as the API shows it to the item's owners (relations by slug)."""
    model = revision.content_type.model_class()
    return {
        "id": revision.pk,
        "status": revision.status,
        "changes": {name: _api_value(model, name, raw)
                    for name, raw in revision.changes.items()},
        "created_at": revision.created_at,
        "updated_at": revision.updated_at,
        "reason": revision.reason,
    }


def form_of_pending(item) -> dict:
    """The edit form's instance and initial values: the pending changes when there are
    some (so that a new edit builds on them), the published item otherwise."""
    from revisions.services import pending_revision, preview

    revision = pending_revision(item)
    if revision is None:
        return {"instance": item}
    copy, many = preview(item, revision.changes)
    return {"instance": copy, "initial": {name: [obj.pk for obj in objects]
                                         for name, objects in many.items()}}
