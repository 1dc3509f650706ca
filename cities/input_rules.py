"""What text and numbers may enter the platform, whatever the door (forms, API, importers,
admin, commands): one rule, used by model validators, the request guard and the repair
migration.

Lone UTF-16 surrogates cannot be encoded as UTF-8 (every page or export showing them
fails) and PostgreSQL refuses NUL; other control characters have no place in a one-line
value (tab, newline and carriage return are kept in multi-line text).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Anywhere: NUL, lone surrogates, and C0 controls but tab, newline and carriage return.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# In a one-line value, tab, newline and carriage return too.
UNSAFE_ONE_LINE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
ASCII_DIGITS = re.compile(r"[0-9]+")
# A decimal number as a query parameter: optional sign, ASCII digits, optional fraction.
ASCII_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def printable(value):
    """The value with every lone surrogate written as a backslash escape, so that any
    value (or a structure of them) can be quoted in an error message and rendered."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable(item) for item in value]
    return value


def text_problem(value: str, *, multiline: bool = False):
    """A message saying which character cannot be stored, or None when the text is fine."""
    match = (UNSAFE if multiline else UNSAFE_ONE_LINE).search(value)
    if match is None:
        return None
    char = match.group()
    return _("This text contains a character that is not allowed (%(char)s at position "
             "%(position)d): remove it.") % {
        "char": char.encode("unicode_escape").decode("ascii"), "position": match.start() + 1}


def json_text_problem(value, *, multiline: bool = False, depth: int = 0):
    """The first unsafe text in a JSON value (keys and items, checked one by one)."""
    if isinstance(value, str):
        return text_problem(value, multiline=multiline)
    if depth > 64:
        return _("This value is nested too deeply.")
    items = []
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple):
        items = value
    for item in items:
        problem = json_text_problem(item, multiline=multiline, depth=depth + 1)
        if problem:
            return problem
    return None


@deconstructible
class SafeTextValidator:
    """Refuses text that cannot be stored safely (see the module's docstring)."""

    code = "unsafe_text"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value):
        problem = (text_problem(value, multiline=self.multiline) if isinstance(value, str)
                   else json_text_problem(value))
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SafeTextValidator) and other.multiline == self.multiline


validate_one_line_text = SafeTextValidator()
validate_multiline_text = SafeTextValidator(multiline=True)


def validator_for(field):
    """The text validator a model field needs, or None (not a text field)."""
    if isinstance(field, models.TextField):
        return validate_multiline_text
    if isinstance(field, models.CharField | models.JSONField):
        return validate_one_line_text
    return None


def attach_text_validators(models_to_cover) -> None:
    """Put the text rule first among the validators of every text field of these models
    (run by full_clean, ModelForms and DRF's ModelSerializers). Set on the cached
    `validators` rather than in `_validators`, so that migrations do not see it."""
    for model in models_to_cover:
        for field in model._meta.get_fields():
            validator = validator_for(field)
            if validator is None or not getattr(field, "concrete", False):
                continue
            current = field.validators
            if not any(isinstance(v, SafeTextValidator) for v in current):
                field.__dict__["validators"] = [validator, *current]


def repair_text(value: str, *, multiline: bool = False) -> str:
    """Lone surrogates become U+FFFD, NUL and controls go (one-line: whitespace controls
    become a space)."""
    value = re.sub("[\ud800-\udfff]", "\ufffd", value)
    if not multiline:
        value = re.sub("[\t\n\r]", " ", value)
    return (UNSAFE if multiline else UNSAFE_ONE_LINE).sub("", value)


def repair_json(value):
    if isinstance(value, str):
        return repair_text(value)
    if isinstance(value, dict):
        return {repair_text(key): repair_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [repair_json(item) for item in value]
    return value


def is_ascii_integer(value: str) -> bool:
    """Only ASCII digits: `int()` also takes "٣" and "²".isdigit() is true."""
    return isinstance(value, str) and ASCII_DIGITS.fullmatch(value) is not None


def repair_stored_text(apps, app_label: str) -> int:
    """Heal the rows of an app's models (history rows included) stored before the rule:
    used by each app's `repair_unsafe_text` data migration. Returns the rows changed."""
    changed = 0
    for model in apps.get_app_config(app_label).get_models():
        fields = [field for field in model._meta.concrete_fields if validator_for(field)]
        if not fields:
            continue
        pk = model._meta.pk.attname
        names = [field.attname for field in fields]
        rows = model._base_manager.order_by().values_list(pk, *names)
        for row in rows.iterator(chunk_size=2000):
            updates = {}
            for field, value in zip(fields, row[1:], strict=True):
                if isinstance(field, models.JSONField):
                    fixed = repair_json(value)
                elif isinstance(value, str):
                    fixed = repair_text(value, multiline=isinstance(field, models.TextField))
                else:
                    continue
                if fixed != value:
                    updates[field.attname] = fixed
            if updates:
                model._base_manager.filter(**{pk: row[0]}).update(**updates)
                changed += 1
    return changed


class AsciiIntegerField(forms.IntegerField):
    """A whole number written with the digits 0 to 9 (forms.IntegerField also reads "٣")."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            text = value.strip()
            if not is_ascii_integer(text.removeprefix("-")) or len(text) > 19:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def ascii_float(text: str) -> float:
    """A decimal number written with the digits 0 to 9 (`float()` also reads "٣", "²"
    fails only later, and "nan" or "1e400" are no coordinates); ValueError otherwise."""
    text = text.strip() if isinstance(text, str) else text
    if not isinstance(text, str) or len(text) > 32 or not ASCII_DECIMAL.fullmatch(text):
        raise ValueError(text)
    return float(text)


class AsciiDecimalField(forms.DecimalField):
    """A decimal number written with the digits 0 to 9, for query parameters."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            try:
                ascii_float(value)
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)


def ascii_int_argument(value: str) -> int:
    """argparse `type=` for a command's whole-number option (ASCII digits only)."""
    import argparse

    if not is_ascii_integer(value.removeprefix("-")) or len(value) > 19:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number (digits 0 to 9).")
    return int(value)
