"""Files through the API: uploads run the same services (and content checks) as the site's
forms, and downloads are streamed from private storage by core.storage.private_file_response,
the function behind the site's own file views, with its headers (nosniff, a sandboxing
Content-Security-Policy, `Cache-Control: private, no-store`, inline for PDFs and images, else a
download; a short-lived redirect on S3). The caller checks who is asking first."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation

from marketplace.core.files import EXTENSIONS

from .errors import RuleRefused, call_service

# What a download may answer: one of the checked file types, as stored.
FILE_RESPONSES = {
    **{(200, kind): OpenApiResponse(OpenApiTypes.BINARY, description="The file.") for kind in EXTENSIONS},
    302: OpenApiResponse(description="On S3: a redirect to the file, valid for a minute."),
}


class AnyAccept(BaseContentNegotiation):
    """A download answers the file whatever the Accept header asks (a program may well ask for
    application/pdf); its problems are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def call_upload(service, *, fields, file_field="file", **kwargs):
    """Run an upload service; a refusal of a file (codes file_…) is answered next to `file_field`."""
    try:
        return call_service(service, fields=fields, **kwargs)
    except RuleRefused as refused:
        if refused.error.code.startswith("file_"):
            refused.field, refused.status_code = file_field, status.HTTP_400_BAD_REQUEST
        raise
