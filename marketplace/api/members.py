"""The asking member's own profile and skills: read through the accounts selectors, changed
through profile_update, skill_add and skill_remove, the services behind the site's forms (a place
by its name from the gazetteer, never coordinates; skills only for freelancers)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts import selectors, services
from marketplace.accounts.models import Language, Profile, Skill, UserSkill
from marketplace.core.money import CURRENCY_CHOICES

from .errors import call_service
from .freelancers import LanguageSerializer


class OwnSkillSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="skill.slug")
    name = serializers.CharField(source="skill.name")

    class Meta:
        model = UserSkill
        fields = ["id", "slug", "name", "level", "years"]
        read_only_fields = fields


class OwnProfileSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    role = serializers.CharField(source="user.role")
    place = serializers.CharField(source="city", help_text="The place's name, as the gazetteer writes it.")
    languages = LanguageSerializer(many=True, source="languages.all")
    skills = OwnSkillSerializer(many=True, source="skills.all")
    hourly_rate = serializers.IntegerField(allow_null=True, help_text="In minor units of `currency`.")

    class Meta:
        model = Profile
        fields = [
            "email",
            "role",
            "slug",
            "display_name",
            "headline",
            "bio",
            "bio_sv",
            "place",
            "country",
            "languages",
            "years_experience",
            "hourly_rate",
            "currency",
            "availability",
            "available_from",
            "hours_per_week",
            "visibility",
            "company_name",
            "vat_number",
            "skills",
        ]
        read_only_fields = fields


class ProfileChangeSerializer(serializers.Serializer):
    """Only the fields given are changed (PATCH)."""

    display_name = serializers.CharField(max_length=120)
    headline = serializers.CharField(max_length=160, allow_blank=True)
    bio = serializers.CharField(max_length=5000, allow_blank=True)
    bio_sv = serializers.CharField(
        max_length=5000, allow_blank=True, help_text="The about text in Swedish, for Swedish readers; empty for none."
    )
    place = serializers.CharField(max_length=100, allow_blank=True, help_text="A place's name; empty to clear it.")
    languages = serializers.SlugRelatedField(many=True, slug_field="code", queryset=Language.objects.all())
    years_experience = serializers.IntegerField(allow_null=True, min_value=0, max_value=70)
    hourly_rate = serializers.IntegerField(allow_null=True, min_value=0, help_text="In minor units.")
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES)
    availability = serializers.ChoiceField(choices=Profile.Availability.choices)
    available_from = serializers.DateField(allow_null=True)
    hours_per_week = serializers.IntegerField(allow_null=True, min_value=1, max_value=80)
    visibility = serializers.ChoiceField(choices=Profile.Visibility.choices)
    company_name = serializers.CharField(max_length=160, allow_blank=True)
    vat_number = serializers.CharField(max_length=20, allow_blank=True)


class SkillAddSerializer(serializers.Serializer):
    skill = serializers.SlugRelatedField(slug_field="slug", queryset=Skill.objects.all())
    level = serializers.ChoiceField(choices=UserSkill.Level.choices)
    years = serializers.IntegerField(min_value=0, max_value=70, default=0)


def _own(request):
    return OwnProfileSerializer(selectors.own_profile_get(user=request.user)).data


class Me(APIView):
    @extend_schema(operation_id="me_retrieve", tags=["me"], responses={200: OwnProfileSerializer})
    def get(self, request):
        return Response(_own(request))

    @extend_schema(
        operation_id="me_update", tags=["me"], request=ProfileChangeSerializer, responses={200: OwnProfileSerializer}
    )
    def patch(self, request):
        given = ProfileChangeSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        languages = data.pop("languages", None)
        call_service(
            services.profile_update,
            fields=given.fields,
            actor=request.user,
            profile=selectors.own_profile_get(user=request.user),
            data=data,
            languages=languages,
        )
        return Response(_own(request))


class MySkills(APIView):
    """A freelancer adds a skill, or changes the level of one listed already."""

    @extend_schema(
        operation_id="me_skills_add", tags=["me"], request=SkillAddSerializer, responses={201: OwnSkillSerializer}
    )
    def post(self, request):
        given = SkillAddSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user_skill = call_service(
            services.skill_add,
            fields=given.fields,
            actor=request.user,
            profile=selectors.own_profile_get(user=request.user),
            **given.validated_data,
        )
        return Response(OwnSkillSerializer(user_skill).data, status=status.HTTP_201_CREATED)


class MySkill(APIView):
    @extend_schema(operation_id="me_skills_remove", tags=["me"], responses={204: None})
    def delete(self, request, pk: int):
        call_service(
            services.skill_remove,
            actor=request.user,
            profile=selectors.own_profile_get(user=request.user),
            user_skill_id=pk,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
