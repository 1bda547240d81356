"""The API object, its one error format, and an OpenAPI schema that says what every operation answers.

Every error is ``{"errors": [{"field": …, "message": …}]}`` with the message in the caller's language.
An operation declares each status it can give with ``answers()``; the schemathesis run in the test
suite holds the schema to what the server really answers.
"""

from __future__ import annotations

from allauth.headless.contrib.ninja.security import XSessionTokenAuth
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import SessionAuth
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

from ..errors import InputError

# Wagtail's pages (and so every page type) have 32-bit ids on every database; a larger id names nothing.
MAX_PAGE_ID = 2**31 - 1
# The deepest a listing may be paged; an OFFSET past the database's integer is an error, not a page.
MAX_OFFSET = 1_000_000

PUBLIC_OR_TOKEN = [BearerTokenAuth(), AllowAnonymous()]
# Auth classes that let anyone through (the schema says "no credentials needed" for them); an app with
# its own such class adds its name with ``anonymous_scheme``.
_ANONYMOUS_SCHEMES = {AllowAnonymous.__name__}


def anonymous_scheme(auth_class: type) -> type:
    _ANONYMOUS_SCHEMES.add(auth_class.__name__)
    return auth_class


class SessionToken(XSessionTokenAuth):
    """allauth's headless session token (front ends that are not this site), described for the schema."""

    openapi_in = "header"
    openapi_name = "X-Session-Token"


# A signed-in person: a headless session token, an API token, or this site's session (with CSRF).
SIGNED_IN = [SessionToken(), BearerTokenAuth(), SessionAuth(csrf=True)]


class ErrorItem(Schema):
    field: str | None = Field(..., description="The input at fault, or null when it is the request as a whole.")
    message: str = Field(..., description="What to fix, in the caller's language (Accept-Language).")


class ErrorOut(Schema):
    errors: list[ErrorItem]


ERROR_DESCRIPTIONS = {
    400: "The input cannot be used (the message says why), or the body is not valid JSON.",
    401: "No valid API token.",
    403: "The token's user may not do this.",
    404: "Nothing has this id or address.",
    409: "The request conflicts with the current state (the message says how).",
    422: "A parameter or a field of the body is missing or of the wrong type.",
    429: "Too many requests from this address; try again in a few minutes.",
}


def answers(ok: dict, *errors: int) -> dict:
    """An operation's responses: its success bodies, and every error status it can give."""
    unknown = set(errors) - set(ERROR_DESCRIPTIONS)
    assert not unknown, f"describe status {unknown} in ERROR_DESCRIPTIONS"  # noqa: S101 - a programming error
    return {**ok, **dict.fromkeys(errors, ErrorOut)}


class Pagination(LimitOffsetPagination):
    """Limit/offset paging with both ends bounded."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=100)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ContentAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """ninja lists ``AllowAnonymous`` as a security scheme every caller must satisfy (a scheme with no
        way to satisfy it). OpenAPI says "no credentials needed" with an empty requirement, so public
        operations read as public, with the bearer token as the option that unlocks staff content."""
        schema = super().get_openapi_schema(**kwargs)
        anonymous = [{name: []} for name in _ANONYMOUS_SCHEMES]
        for operations in schema["paths"].values():
            for operation in operations.values():
                security = operation.get("security") or []
                if any(a in security for a in anonymous):
                    operation["security"] = [{}] + [s for s in security if s not in anonymous]
        for name in _ANONYMOUS_SCHEMES:
            schema["components"].get("securitySchemes", {}).pop(name, None)
        for responses in (op["responses"] for ops in schema["paths"].values() for op in ops.values()):
            for status, description in ERROR_DESCRIPTIONS.items():
                if status in responses:
                    responses[status]["description"] = description
        return schema


api = ContentAPI(
    title="Content API",
    version="1.0.0",
    description="Topics, events, registration, post filing, search, email sign-up and the shop wizard. "
                "Pages: see /api/v3/docs/. Every error answers {\"errors\": [{\"field\", \"message\"}]}.",
    urls_namespace="content_api",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


# --- Errors -------------------------------------------------------------------------------------

PYDANTIC_MESSAGES = {
    "missing": lambda ctx: _("This field is required."),
    "string_type": lambda ctx: _("Enter text."),
    "int_parsing": lambda ctx: _("Enter a whole number."),
    "int_type": lambda ctx: _("Enter a whole number."),
    "int_from_float": lambda ctx: _("Enter a whole number."),
    "bool_parsing": lambda ctx: _("Enter true or false."),
    "bool_type": lambda ctx: _("Enter true or false."),
    "greater_than_equal": lambda ctx: _("Enter a number of at least %(n)s.") % {"n": ctx.get("ge")},
    "less_than_equal": lambda ctx: _("Enter a number of at most %(n)s.") % {"n": ctx.get("le")},
    "string_too_long": lambda ctx: _("Enter at most %(n)s characters.") % {"n": ctx.get("max_length")},
    "string_too_short": lambda ctx: _("Enter at least %(n)s characters.") % {"n": ctx.get("min_length")},
    "date_from_datetime_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_parsing": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "date_type": lambda ctx: _("Enter a date as YYYY-MM-DD."),
    "list_type": lambda ctx: _("Enter a list."),
    "literal_error": lambda ctx: _("Select a valid choice."),
    "json_invalid": lambda ctx: _("The request body is not valid JSON."),
    "model_attributes_type": lambda ctx: _("The request body must be a JSON object."),
    "dict_type": lambda ctx: _("The request body must be a JSON object."),
}


def error_response(request, errors: list[dict], status: int):
    return api.create_response(request, {"errors": errors}, status=status)


def not_found(request):
    return error_response(request, [{"field": None, "message": _("Not found.")}], 404)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    # A path that does not parse as an id (or names an id no row can have) names nothing: 404.
    if any(err.get("loc", ("",))[0] == "path" for err in exc.errors):
        return not_found(request)
    errors = []
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", []) if part not in ("body", "query", "path", "payload")]
        field = ".".join(loc) or None
        translate = PYDANTIC_MESSAGES.get(err.get("type", ""))
        message = translate(err.get("ctx") or {}) if translate else err.get("msg") or _("Invalid value.")
        errors.append({"field": field, "message": str(message)})
    return error_response(request, errors, 422)


class FormErrors(Exception):
    def __init__(self, form):
        self.form = form


@api.exception_handler(FormErrors)
def on_form_errors(request, exc: FormErrors):
    errors = [
        {"field": None if field == "__all__" else field, "message": str(message)}
        for field, messages in exc.form.errors.items()
        for message in messages
    ]
    return error_response(request, errors, 422)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return not_found(request)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    message = str(exc)
    if message.startswith("Cannot parse request body"):  # django-ninja's own, untranslated
        message = _("The request body is not valid JSON.")
    return error_response(request, [{"field": None, "message": message}], exc.status_code)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return error_response(request, [{"field": None, "message": _("A valid API token is required.")}], 401)


@api.exception_handler(InputError)
def on_input_error(request, exc: InputError):
    return error_response(request, [{"field": exc.field, "message": exc.message}], 400)


def validated(form_class, data: dict):
    form = form_class(data)
    if not form.is_valid():
        raise FormErrors(form)
    return form.cleaned_data
