"""The freelancer's own competence passport: documents read through the passport selectors (another
member's document is a 404, as on the site, so its existence is not revealed) and uploaded,
with a new version when a reviewer asks for one, through document_upload and
document_new_version, the services behind the site's forms with the same content checks of the
file. Uploads are multipart and count against the site's `passport_upload` limit as well."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts.models import Skill
from marketplace.core.files import download_name
from marketplace.core.http import client_ip
from marketplace.core.storage import private_file_response
from marketplace.passport import rules, selectors, services
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument, CompetenceFile, CompetenceReview

from .errors import call_service
from .files import FILE_RESPONSES, AnyAccept, call_upload
from .idempotency import idempotent

# --- What is shown ---------------------------------------------------------------------------


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetenceFile
        fields = ["number", "original_name", "content_type", "size", "sha256", "uploaded_at"]
        read_only_fields = fields


class FeedbackSerializer(serializers.ModelSerializer):
    """What the freelancer may see of a review: its decision, date and comment (never the
    reviewer or the internal note, which the selectors do not load)."""

    version = serializers.IntegerField(source="version.number", allow_null=True, help_text="The file it was about.")

    class Meta:
        model = CompetenceReview
        fields = ["decision", "comment", "version", "created_at"]
        read_only_fields = fields


class HistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetenceAuditLog
        fields = ["action", "from_status", "to_status", "at"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    document_type = serializers.CharField(
        source="template.slug", allow_null=True, default=None, help_text="Null for an “other document”."
    )
    status_label = serializers.CharField(source="get_status_display")
    current_version = serializers.IntegerField(source="current_version.number", allow_null=True, default=None)
    reviews = FeedbackSerializer(many=True, source="feedback", help_text="The reviewers' decisions, newest first.")

    class Meta:
        model = CompetenceDocument
        fields = [
            "id",
            "document_type",
            "title",
            "issuer",
            "credential_number",
            "issue_date",
            "expiry_date",
            "status",
            "status_label",
            "submitted_at",
            "decided_at",
            "current_version",
            "reviews",
        ]
        read_only_fields = fields


class DocumentDetailSerializer(DocumentSerializer):
    skills = serializers.SlugRelatedField(many=True, slug_field="slug", read_only=True)
    versions = VersionSerializer(many=True, help_text="Every file sent, newest first; earlier ones are kept.")
    history = serializers.SerializerMethodField(help_text="What happened to it, oldest first.")

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "skills", "versions", "history"]
        read_only_fields = fields

    @extend_schema_field(HistorySerializer(many=True))
    def get_history(self, document) -> list:
        return HistorySerializer(selectors.own_document_history(document=document), many=True).data


class DocumentListSerializer(serializers.Serializer):
    results = DocumentSerializer(many=True)


# --- What is sent ----------------------------------------------------------------------------


class DocumentUploadSerializer(serializers.Serializer):
    document_type = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=selectors.upload_templates(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A document type's slug (the taxonomy's); left out for another document.",
    )
    title = serializers.CharField(
        max_length=160, required=False, allow_blank=True, default="", help_text="Left empty, the type's name."
    )
    issuer = serializers.CharField(max_length=160)
    credential_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    issue_date = serializers.DateField()
    expiry_date = serializers.DateField(required=False, allow_null=True, default=None)
    skills = serializers.SlugRelatedField(
        many=True,
        slug_field="slug",
        queryset=Skill.objects.all(),
        required=False,
        help_text="Skills it evidences: the type's or your own, by slug.",
    )
    file = serializers.FileField(allow_empty_file=True, help_text="A PDF, JPEG, PNG, WebP or HEIC, at most 10 MB.")

    def validate(self, data):
        template = data.get("document_type")
        if not (data.get("title") or "").strip():
            if template is None:
                raise serializers.ValidationError({"title": "Give the document's title, as printed on it."})
            data["title"] = template.name
        allowed = selectors.evidence_skill_choices(owner=self.context["owner"], template=template)
        wrong = sorted({skill.slug for skill in data.get("skills", [])} - set(allowed.values_list("slug", flat=True)))
        if wrong:
            raise serializers.ValidationError(
                {"skills": f"Not a skill of this document type or of your profile: {', '.join(wrong)}."}
            )
        return data


class NewVersionSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="A PDF, JPEG, PNG, WebP or HEIC, at most 10 MB.")


def _detail(request, pk: int) -> dict:
    document = selectors.own_document_get(owner=request.user, pk=pk)
    return DocumentDetailSerializer(document).data


# --- The views -------------------------------------------------------------------------------


class DocumentList(APIView):
    """The asking member's documents in the passport page's order (what needs them first); a
    freelancer uploads one, which then waits for review."""

    parser_classes = [MultiPartParser]
    throttle_scope = {"POST": "passport_upload"}

    @extend_schema(operation_id="me_documents_list", tags=["passport"], responses={200: DocumentListSerializer})
    def get(self, request):
        groups = selectors.own_documents_by_status(owner=request.user)
        documents = [document for group in groups for document in group.documents]
        return Response({"results": DocumentSerializer(documents, many=True).data})

    @extend_schema(
        operation_id="me_documents_upload",
        tags=["passport"],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentDetailSerializer},
    )
    @idempotent
    def post(self, request):
        given = DocumentUploadSerializer(data=request.data, context={"owner": request.user})
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        document = call_upload(
            services.document_upload,
            fields=given.fields,
            owner=request.user,
            ip=client_ip(request),
            template=data.pop("document_type"),
            upload=data.pop("file"),
            skills=list(data.pop("skills", [])),
            **data,
        )
        return Response(_detail(request, document.pk), status=status.HTTP_201_CREATED)


class DocumentDetail(APIView):
    @extend_schema(operation_id="me_documents_retrieve", tags=["passport"], responses={200: DocumentDetailSerializer})
    def get(self, request, pk: int):
        return Response(_detail(request, pk))


class DocumentNewVersion(APIView):
    """The owner answers a revision request (or replaces the file) with a new one; the document
    waits for review again and its earlier files are kept."""

    parser_classes = [MultiPartParser]
    throttle_scope = {"POST": "passport_upload"}

    @extend_schema(
        operation_id="me_documents_new_version",
        tags=["passport"],
        request={"multipart/form-data": NewVersionSerializer},
        responses={201: DocumentDetailSerializer},
    )
    @idempotent
    def post(self, request, pk: int):
        document = selectors.own_document_get(owner=request.user, pk=pk)
        given = NewVersionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        call_upload(
            services.document_new_version,
            fields=given.fields,
            actor=request.user,
            document=document,
            upload=given.validated_data["file"],
            ip=client_ip(request),
        )
        return Response(_detail(request, pk), status=status.HTTP_201_CREATED)


class DocumentFile(APIView):
    """One file of a document, as the site's file view hands it out: to its owner, and to staff
    who review documents once their sign-in proved the second factor; anyone else gets a 404,
    as if it did not exist. Each opening is written in the document's history
    (document_open_file)."""

    content_negotiation_class = AnyAccept

    @extend_schema(operation_id="documents_file", tags=["passport"], responses=FILE_RESPONSES)
    def get(self, request, pk: int, number: int):
        version = selectors.file_version_get(document_pk=pk, number=number)
        document = version.document
        if not rules.can_open_file(request.user, document):
            raise Http404
        call_service(
            services.document_open_file, actor=request.user, document=document, version=version, ip=client_ip(request)
        )
        return private_file_response(
            version.file,
            content_type=version.content_type,
            filename=download_name(
                document.title, version.content_type, fallback="document", suffix=f"-v{version.number}"
            ),
        )
