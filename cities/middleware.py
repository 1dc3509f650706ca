"""The request guard: every query string and body is checked once, before any view, form,
serializer or admin page reads it (see cities.input_rules and docs/input-limits.md)."""

import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cities.input_rules import is_ascii_integer, json_text_problem, printable, text_problem

JSON_TYPE = re.compile(r"^application/([a-z0-9.+-]*\+)?json\b", re.I)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# A JSON string (its escapes included) and the brackets that nest values.
JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
JSON_BRACKETS = re.compile(rb"[\[\]{}]")


class InputRefused(Exception):
    def __init__(self, status: int, errors: dict):
        super().__init__(errors)
        self.status = status
        self.errors = errors


def json_depth(body: bytes) -> int:
    """How deeply the JSON text nests arrays and objects, read without parsing it (no
    recursion, whatever the depth)."""
    depth = deepest = 0
    for bracket in JSON_BRACKETS.findall(JSON_STRING.sub(b'""', body)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def check_parameters(parameters, *, integers=()) -> dict:
    """{name: [message]} for each parameter whose name or value cannot be used."""
    errors = {}
    for name, values in parameters.lists():
        problem = text_problem(name, multiline=True) or next(
            (text_problem(value, multiline=True) for value in values
             if text_problem(value, multiline=True)), None)
        if problem is None and name in integers and any(
                not is_ascii_integer(value) or len(value) > 18 for value in values
                if value not in ("", "last")):
            problem = _("Give a whole number written with the digits 0 to 9.")
        if problem:
            errors[printable(name)] = [str(problem)]
    return errors


def reject_constant(name):
    raise ValueError(name)


def check_json_body(request) -> None:
    limit = settings.API_MAX_JSON_BODY_BYTES
    too_big = InputRefused(413, {"body": [
        _("The body is larger than %(limit)d bytes.") % {"limit": limit}]})
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            raise too_big
    except ValueError:
        pass
    try:
        body = request.body
    except RequestDataTooBig as error:
        raise too_big from error
    if len(body) > limit:
        raise too_big
    if json_depth(body) > settings.JSON_MAX_DEPTH:
        raise InputRefused(400, {"body": [
            _("The JSON nests values more than %(depth)d levels deep.")
            % {"depth": settings.JSON_MAX_DEPTH}]})
    try:
        data = json.loads(body, parse_constant=reject_constant)
    except ValueError:
        return  # the view answers its own parse error
    if isinstance(data, dict):
        errors = {}
        for key, value in data.items():
            problem = text_problem(key, multiline=True) or json_text_problem(
                value, multiline=True)
            if problem:
                errors[printable(key)] = [str(problem)]
    else:
        problem = json_text_problem(data, multiline=True)
        errors = {"body": [str(problem)]} if problem else {}
    if errors:
        raise InputRefused(400, errors)


def check_request(request) -> None:
    query = request.META.get("QUERY_STRING", "")
    if len(query) > settings.MAX_QUERY_STRING_BYTES:
        raise InputRefused(414, {"query": [
            _("The query string is longer than %(limit)d characters.")
            % {"limit": settings.MAX_QUERY_STRING_BYTES}]})
    integers = settings.INTEGER_QUERY_PARAMETERS
    errors = check_parameters(request.GET, integers=integers)
    if errors:
        raise InputRefused(400, errors)
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    content_type = request.META.get("CONTENT_TYPE", "")
    if JSON_TYPE.match(content_type):
        check_json_body(request)
    elif content_type.startswith(FORM_TYPES):
        # Only the size here: a form's own fields refuse NUL (Django's CharField) and the
        # model's text rule refuses controls, as errors shown next to the field. (Browsers
        # cannot send lone surrogates in a form: invalid UTF-8 is read as U+FFFD.)
        try:
            request.POST  # noqa: B018 - parsed now, within DATA_UPLOAD_MAX_MEMORY_SIZE
        except RequestDataTooBig as error:
            raise InputRefused(413, {"body": [
                _("The form sent is larger than %(limit)d bytes.")
                % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}]}) from error


class HostileInputMiddleware:
    """Refuses, with a 400/413/414 naming the parameter or field, a request whose query
    string or body holds text that cannot be stored (NUL, lone surrogates, control
    characters), integers not written in ASCII digits, or a body too large or too deep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request(request)
        except InputRefused as refused:
            return self.refusal(request, refused)
        return self.get_response(request)

    def refusal(self, request, refused: InputRefused):
        accept = request.headers.get("Accept", "")
        api = request.path.startswith(("/api/", "/ogc/"))
        if api or ("json" in accept and "html" not in accept):
            detail = (_("The request is too large.") if refused.status in (413, 414)
                      else _("Invalid parameters."))
            if request.path.startswith("/ogc/"):
                # OGC API – Features' exception shape.
                return JsonResponse({"code": "InvalidParameterValue", "description": detail,
                                     "errors": refused.errors}, status=refused.status)
            return JsonResponse({"status": refused.status, "detail": detail,
                                 "errors": refused.errors}, status=refused.status)
        response = TemplateResponse(request, "400.html", {"errors": refused.errors},
                                    status=refused.status)
        return response.render()
