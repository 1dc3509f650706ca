"""How the OpenAPI schema describes API keys (loaded by PartnersConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class APIKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.APIKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A partner's API key: `Authorization: Bearer <key>` (`Token <key>` works "
                "too). Reading needs no key; writing needs a key with the write scope. "
                "Each key has a daily quota, reported in X-RateLimit-Limit, "
                "X-RateLimit-Remaining and X-RateLimit-Reset; past it, 429 and Retry-After."
            ),
        }
