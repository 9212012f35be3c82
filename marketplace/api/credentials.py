"""POST /api/v1/credentials/verify/: check a verifiable credential (ours or another issuer's),
the same service as the site's "Verify a credential" page (credentials.verification.verify)."""

import json

from django.utils import translation
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.credentials.verification import MAX_INPUT_BYTES, verify


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "object"}]})
class CredentialField(serializers.Field):
    """A JWT as a string, or a JSON object (an enveloped credential), kept as the text to check."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = json.dumps(data)
        if not isinstance(data, str) or not data.strip():
            raise serializers.ValidationError("Give the credential: a JWT string or a JSON object.")
        if len(data.encode()) > MAX_INPUT_BYTES:
            raise serializers.ValidationError("A credential is at most 256 KB.")
        return data


class CredentialInputSerializer(serializers.Serializer):
    credential = CredentialField(
        help_text="The credential: a compact JWT (application/vc+jwt) as a string, or a VC 2.0 "
                  "EnvelopedVerifiableCredential object."
    )


class CheckSerializer(serializers.Serializer):
    name = serializers.CharField()
    ok = serializers.BooleanField(allow_null=True)
    message = serializers.CharField()


class VerificationResultSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=["valid", "revoked", "suspended", "expired", "not_yet_valid", "invalid", "unchecked"]
    )
    valid = serializers.BooleanField()
    summary = serializers.CharField()
    issuer = serializers.CharField()
    checks = CheckSerializer(many=True)
    credential = serializers.JSONField(allow_null=True, help_text="The credential's claims, once its proof held.")


class CredentialCheck(APIView):
    """Anyone may check a credential; it fetches other issuers' keys and lists within limits,
    so it counts against the verification rate."""

    permission_classes = [AllowAny]
    throttle_scope = "verification"
    # JSON, or a form whose `credential` field holds the JWT or the JSON.
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(operation_id="credentials_check", request=CredentialInputSerializer,
                   responses={200: VerificationResultSerializer}, tags=["credentials"])
    def post(self, request):
        serializer = CredentialInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The API's messages are in English (docs/i18n.md); the verify page explains in its own language.
        with translation.override("en"):
            return Response(verify(serializer.validated_data["credential"]).as_json())
