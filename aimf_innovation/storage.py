"""Static files storage: WhiteNoise's compressed manifest, with ES module imports hashed."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashes `import ... from "./x.js"` in our ES modules so that caches never go stale.

    JavaScript source-map comments are left alone: the vendored minified libraries point
    at maps their packages do not ship, which would otherwise abort collectstatic.
    """

    support_js_module_import_aggregation = True
    patterns = tuple(
        (extension, rules)
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
        if extension != "*.js"
    )
