"""POST /api/v1/credentials/verify/: check a verifiable credential (ours or another issuer's),
the same service as the site's "Verify a credential" page (credentials.verification.verify)."""

import json

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.credentials.verification import MAX_INPUT_BYTES, verify


class CredentialInputSerializer(serializers.Serializer):
    credential = serializers.JSONField(
        help_text="The credential: a compact JWT (application/vc+jwt) as a string, or a VC 2.0 "
                  "EnvelopedVerifiableCredential object."
    )

    def validate_credential(self, value):
        text = value if isinstance(value, str) else json.dumps(value)
        if len(text.encode()) > MAX_INPUT_BYTES:
            raise serializers.ValidationError("A credential is at most 256 KB.")
        return text


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

    @extend_schema(operation_id="credentials_check", request=CredentialInputSerializer,
                   responses={200: VerificationResultSerializer}, tags=["credentials"])
    def post(self, request):
        serializer = CredentialInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(verify(serializer.validated_data["credential"]).as_json())
