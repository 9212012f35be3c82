"""Public resources: the freelancer search (the directory's own engine, parameters and ranking),
a freelancer's public profile and the credentials in force that it shows. Open to anyone; a
profile that is not public (hidden, unverified, inactive, not a freelancer) is a 404."""

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts import selectors as account_selectors
from marketplace.passport import selectors as passport_selectors
from marketplace.passport import services as passport_services
from marketplace.ratings import selectors as rating_selectors
from marketplace.search import selectors as search_selectors
from marketplace.search.forms import SearchForm

from .errors import problem

# --- What is shown ---------------------------------------------------------------------------


class SkillTagSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    verified = serializers.BooleanField(help_text="Proved by an approved passport document in force today.")


class FreelancerCardSerializer(serializers.Serializer):
    """A search result, as the directory's card shows it."""

    slug = serializers.CharField()
    display_name = serializers.CharField()
    headline = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2, or empty.")
    hourly_rate = serializers.IntegerField(allow_null=True, help_text="In minor units (öre, cents) of `currency`.")
    currency = serializers.CharField(help_text="ISO 4217.")
    availability = serializers.CharField()
    available_from = serializers.DateField(allow_null=True)
    distance_km = serializers.FloatField(allow_null=True, help_text="From the centre of a search near a place.")
    skills = serializers.SerializerMethodField()
    profile_url = serializers.SerializerMethodField(help_text="The profile page on the site.")
    url = serializers.SerializerMethodField(help_text="This freelancer in the API.")

    def get_skills(self, profile) -> list[dict]:
        tags = SkillTagSerializer(many=True)
        return tags.to_representation(
            [
                {"slug": tag.slug, "name": tag.name, "verified": tag.id in profile.verified_skill_ids}
                for tag in profile.skill_tags
            ]
        )

    def get_profile_url(self, profile) -> str:
        return self.context["request"].build_absolute_uri(profile.get_absolute_url())

    def get_url(self, profile) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:freelancer", args=[profile.slug]))


class FacetSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Every match; an estimate when `approximate`.")
    approximate = serializers.BooleanField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FreelancerCardSerializer(many=True)
    skill_facets = FacetSerializer(many=True)
    category_facets = FacetSerializer(many=True)
    notes = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="What was left out of the search and why, by parameter.",
    )


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProfileSkillSerializer(serializers.Serializer):
    slug = serializers.CharField(source="skill.slug")
    name = serializers.CharField(source="skill.name")
    category = serializers.CharField(source="skill.category.name")
    level = serializers.IntegerField(help_text="1 beginner, 2 intermediate, 3 advanced, 4 expert.")
    years = serializers.IntegerField()
    verified = serializers.SerializerMethodField()

    def get_verified(self, user_skill) -> bool:
        return user_skill.skill_id in self.context["evidence"]


class RatingSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=4, decimal_places=2, help_text="The ranking's weighted average.")


class FreelancerSerializer(serializers.Serializer):
    slug = serializers.CharField()
    display_name = serializers.CharField()
    headline = serializers.CharField()
    bio = serializers.CharField(help_text="The freelancer's about text, as written.")
    bio_sv = serializers.CharField(
        help_text="The same in Swedish when the freelancer wrote one (Swedish readers of the site see it); else empty."
    )
    city = serializers.CharField()
    country = serializers.CharField()
    languages = LanguageSerializer(many=True, source="languages.all")
    years_experience = serializers.IntegerField(allow_null=True)
    hourly_rate = serializers.IntegerField(allow_null=True, help_text="In minor units of `currency`.")
    currency = serializers.CharField()
    availability = serializers.CharField()
    available_from = serializers.DateField(allow_null=True)
    hours_per_week = serializers.IntegerField(allow_null=True)
    skills = ProfileSkillSerializer(many=True, source="skills.all")
    rating = serializers.SerializerMethodField()
    profile_url = serializers.SerializerMethodField()
    credentials_url = serializers.SerializerMethodField()

    @extend_schema_field(RatingSummarySerializer(allow_null=True))
    def get_rating(self, profile) -> dict | None:
        summary = self.context["summary"]
        return RatingSummarySerializer(summary).data if summary else None

    def get_profile_url(self, profile) -> str:
        return self.context["request"].build_absolute_uri(profile.get_absolute_url())

    def get_credentials_url(self, profile) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:freelancer-credentials", args=[profile.slug]))


class CredentialSerializer(serializers.Serializer):
    """The same as the public verification page of the credential shows."""

    type = serializers.CharField(source="type_name")
    issuer = serializers.CharField()
    credential_number = serializers.CharField(help_text="Masked: the last three characters at most.")
    status = serializers.CharField(help_text="valid, expired or revoked, as a verifier sees it today.")
    issue_date = serializers.DateField()
    expiry_date = serializers.DateField(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True, help_text="When staff approved it.")
    checks = serializers.ListField(child=serializers.CharField())
    verification_url = serializers.URLField(source="url")


class CredentialListSerializer(serializers.Serializer):
    results = CredentialSerializer(many=True)


class VerificationSerializer(CredentialSerializer):
    holder = serializers.CharField()
    holder_url = serializers.SerializerMethodField(help_text="The holder's public profile; null when it is not public.")
    revoked_at = serializers.DateTimeField(allow_null=True)

    def get_holder_url(self, verification) -> str | None:
        url = verification.holder_url
        return self.context["request"].build_absolute_uri(url) if url else None


class NamedSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class TradeSerializer(NamedSerializer):
    skills = NamedSerializer(many=True)


class TaxonomySerializer(serializers.Serializer):
    trades = TradeSerializer(many=True)
    languages = LanguageSerializer(many=True)


# --- The views -------------------------------------------------------------------------------

SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="Skill, trade, name or place, as typed in the directory."),
    OpenApiParameter("skills", str, many=True, description="Skill slugs (repeated or comma-separated)."),
    OpenApiParameter("skills_mode", str, enum=["any", "all"]),
    OpenApiParameter("category", str, description="A trade's slug."),
    OpenApiParameter("near", str, description="A place's name; or give lat and lon."),
    OpenApiParameter("lat", float),
    OpenApiParameter("lon", float),
    OpenApiParameter("radius", int, description="Kilometres, 1–500 (50 when a place is given)."),
    OpenApiParameter("available", str, enum=["now", "by"]),
    OpenApiParameter("available_by", OpenApiTypes.DATE),
    OpenApiParameter("rate_min", OpenApiTypes.DECIMAL, description="Major units of `currency`."),
    OpenApiParameter("rate_max", OpenApiTypes.DECIMAL, description="Major units of `currency`."),
    OpenApiParameter("currency", str),
    OpenApiParameter("min_rating", float),
    OpenApiParameter("verified", bool, description="Only freelancers with the chosen skills verified."),
    OpenApiParameter("languages", str, many=True, description="Language codes."),
    OpenApiParameter("sort", str, enum=["relevance", "distance", "rating", "rate_asc", "rate_desc", "newest"]),
    OpenApiParameter("page", int),
]


def _page_url(request, page: int | None) -> str | None:
    if page is None:
        return None
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}")


class FreelancerSearch(APIView):
    """The freelancer directory's search: the same parameters, matching, ranking and pages."""

    permission_classes = [AllowAny]
    throttle_scope = "search"
    per_page = 24

    @extend_schema(
        operation_id="freelancers_search",
        parameters=SEARCH_PARAMETERS,
        responses={200: SearchPageSerializer},
        tags=["freelancers"],
    )
    def get(self, request):
        form = SearchForm(request.GET)
        params = form.to_params()
        if form.errors:
            errors = [
                {"field": name, "message": str(message), "code": "invalid"}
                for name, messages in form.errors.items()
                for message in messages
            ]
            return problem(400, "Some of the search parameters are not valid.", request=request, errors=errors)
        results = search_selectors.search(params, per_page=self.per_page)
        cards = FreelancerCardSerializer(results.profiles, many=True, context={"request": request}).data
        facet = FacetSerializer(many=True)
        return Response(
            {
                "count": results.total,
                "approximate": results.approximate,
                "page": results.page,
                "num_pages": results.num_pages,
                "next": _page_url(request, results.page + 1 if results.has_next else None),
                "previous": _page_url(request, results.page - 1 if results.has_previous else None),
                "results": cards,
                "skill_facets": facet.to_representation(results.skill_facets),
                "category_facets": facet.to_representation(results.category_facets),
                "notes": {name: [str(note) for note in notes] for name, notes in form.notes.items()},
            }
        )


class FreelancerDetail(APIView):
    """A freelancer's public profile, as its page shows it."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="freelancers_retrieve", responses={200: FreelancerSerializer}, tags=["freelancers"])
    def get(self, request, slug):
        profile = account_selectors.public_profile_get(slug=slug)
        credentials = passport_selectors.valid_documents_with_skills(owner=profile.user_id)
        context = {
            "request": request,
            "evidence": passport_selectors.skill_evidence(credentials),
            "summary": rating_selectors.member_summary(user_id=profile.user_id),
        }
        return Response(FreelancerSerializer(profile, context=context).data)


class FreelancerCredentials(APIView):
    """The credentials in force today of a freelancer with a public profile, each as its public
    verification page shows it (the number masked)."""

    permission_classes = [AllowAny]
    throttle_scope = "verification"

    @extend_schema(
        operation_id="freelancers_credentials", responses={200: CredentialListSerializer}, tags=["freelancers"]
    )
    def get(self, request, slug):
        profile = account_selectors.public_profile_get(slug=slug)
        credentials = passport_selectors.printable_credentials(owner=profile.user_id)
        return Response({"results": CredentialSerializer(credentials, many=True).data})


class ResponseSerializer(serializers.Serializer):
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    author = serializers.CharField(source="author.profile.display_name")
    scores = serializers.DictField(child=serializers.IntegerField(), help_text="1 to 5 for each dimension.")
    text = serializers.CharField()
    revealed_at = serializers.DateTimeField()
    response = serializers.SerializerMethodField()

    @extend_schema_field(ResponseSerializer(allow_null=True))
    def get_response(self, rating) -> dict | None:
        response = getattr(rating, "response", None)
        return ResponseSerializer(response).data if response is not None else None


class ReviewPageSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReviewSerializer(many=True)


class FreelancerReviews(APIView):
    """The reviews a freelancer's profile shows, newest first: only those both sides' ratings (or
    the end of the rating window) revealed, public and not hidden by a moderator."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="freelancers_reviews",
        parameters=[OpenApiParameter("page", int)],
        responses={200: ReviewPageSerializer},
        tags=["freelancers"],
    )
    def get(self, request, slug):
        profile = account_selectors.public_profile_get(slug=slug)
        try:
            number = max(1, min(int(request.query_params.get("page", 1)), 10_000))
        except ValueError:
            number = 1
        page = rating_selectors.public_reviews(subject_id=profile.user_id, page=number, viewer=request.user)
        return Response(
            {
                "page": page.number,
                "next": _page_url(request, page.number + 1 if page.has_next else None),
                "previous": _page_url(request, page.number - 1 if page.has_previous else None),
                "results": ReviewSerializer(page.reviews, many=True).data,
            }
        )


class CredentialVerification(APIView):
    """A credential by the code on its QR code: the same as its public verification page, and
    counted as a view of it, as the page is."""

    permission_classes = [AllowAny]
    throttle_scope = "verification"

    @extend_schema(operation_id="credentials_verify", responses={200: VerificationSerializer}, tags=["credentials"])
    def get(self, request, code):
        document = passport_selectors.verifiable_document_get(code=code)
        passport_services.document_record_verification_view(document=document)
        verification = passport_selectors.public_verification(document)
        return Response(VerificationSerializer(verification, context={"request": request}).data)


class Taxonomy(APIView):
    """The trades with their skills, and the languages: the values the search's `category`,
    `skills` and `languages` take, as the directory's form offers them."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="taxonomy", responses={200: TaxonomySerializer}, tags=["freelancers"])
    def get(self, request):
        choices = search_selectors.form_choices()
        skills_by_trade = dict(choices["skills"])
        trades = [
            {"slug": slug, "name": name, "skills": [{"slug": s, "name": n} for s, n in skills_by_trade.get(name, [])]}
            for slug, name in choices["categories"]
        ]
        languages = [{"code": code, "name": name} for code, name in choices["languages"]]
        return Response(TaxonomySerializer({"trades": trades, "languages": languages}).data)
