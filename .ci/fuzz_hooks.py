"""Schemathesis hooks for .ci/fuzz-api: the hostile-input battery of
tests/test_hostile_input.py sent as explicit examples to every operation, besides the
generated cases (SCHEMATHESIS_HOOKS=fuzz_hooks, with .ci on PYTHONPATH)."""

import schemathesis

SURROGATE = "\ud800"
# Unicode digits, a huge integer, NaN/inf, NUL, a control, bytes that are not UTF-8, 16 KB.
QUERY_VALUES = ["²", "①", "٣", "1" + "0" * 40, "NaN", "Infinity", "-inf", "nan,nan",
                "\x00", "\x07", "\xff\xfe", "a" * 16384]
PATH_VALUES = ["²", "٣", "1" + "0" * 40, "\x00", "NaN"]


def nested(depth: int):
    value = []
    for _ in range(depth):
        value = [value]
    return value


# requests refuses NaN in JSON and recursion beyond ~1000 levels on its side: those are in
# the pytest module; these are the ones a client library sends.
BODIES = [
    {"social_links": [f"https://x.example/{SURROGATE}"]}, {"languages": ["fr", SURROGATE]},
    {"name": SURROGATE}, {"name": "Lab\x00"}, {f"x{SURROGATE}": 1}, {"name": "a\x07b"},
    {"themes": [SURROGATE, "\x00"]}, {"founded_year": 10**40}, {"latitude": 10**40},
    {"themes": nested(500)},
    {"description": "x" * (10 * 1024 * 1024)},
]


@schemathesis.hook
def before_add_examples(context, examples):
    operation = context.operation
    if operation is None:
        return
    query_names = [parameter.name for parameter in operation.query]
    path_names = [parameter.name for parameter in operation.path_parameters]
    path_sample = {name: "1" for name in path_names}
    for value in QUERY_VALUES:
        # The long value in one parameter: servers cap the request line (gunicorn at 4 KB,
        # runserver at 64 KB) before the application sees it.
        names = query_names[:1] if len(value) > 1000 else query_names
        if names:
            examples.append(operation.Case(path_parameters=path_sample,
                                           query={name: value for name in names}))
    for value in PATH_VALUES:
        if path_names:
            examples.append(operation.Case(path_parameters={name: value for name in path_names}))
    if operation.method.upper() in ("POST", "PUT", "PATCH") and operation.body:
        for body in BODIES:
            examples.append(operation.Case(path_parameters=path_sample, body=body,
                                           media_type="application/json"))
