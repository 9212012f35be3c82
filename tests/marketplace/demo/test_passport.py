"""seed_demo's passport data: document types from the taxonomy's certificates, and on request
approved documents for the demo freelancer, made through the passport's services."""

import datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from marketplace.accounts.models import Profile, User
from marketplace.core.files import check_document
from marketplace.demo.generate import freelancer, freelancer_email
from marketplace.demo.logins import DEMO_ADMIN, DEMO_FREELANCER
from marketplace.demo.passport import (
    DEMO_FREELANCER_DOCUMENTS,
    add_years,
    demo_pdf,
    document_dates,
    freelancer_documents,
    template_specs,
)
from marketplace.demo.taxonomy import CATEGORIES
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument, CompetenceTemplate
from marketplace.search.query import SearchParams
from marketplace.search.selectors import search


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", freelancers=2, clients=1, force=True, stdout=out, **options)
    return out.getvalue()


class TestTemplateSpecs:
    def test_one_type_per_certificate_name_with_unique_slugs(self):
        specs = template_specs()
        names = {kind.name for category in CATEGORIES for kind in category.certificates}

        assert sorted(spec.name for spec in specs) == sorted(names)
        assert len({spec.slug for spec in specs}) == len(specs)
        assert all(spec.slug and len(spec.slug) <= 130 for spec in specs)

    def test_a_certificate_of_several_trades_evidences_all_their_skills(self):
        spec = next(spec for spec in template_specs() if spec.name.startswith("Machine operator certificate"))

        assert set(spec.skills) == {"excavator-operation", "groundwork", "wheel-loader-operation"}
        assert spec.issuing_bodies == ("Maskinentreprenörerna",)

    def test_safety_courses_cards_and_checks_prove_no_skill(self):
        specs = {spec.name: spec for spec in template_specs()}

        for name in ("Fall protection (Fallskydd)", "Hot work certificate (Heta arbeten)", "ID06 card",
                     "Mobile elevating work platform (Liftutbildning)", "Electrical safety instructions (ESA)",
                     "Criminal record extract (Utdrag ur belastningsregistret)", "First aid and CPR (HLR)"):
            assert specs[name].skills == (), name
        assert "roofing" not in {slug for spec in specs.values() if "Fall" in spec.name for slug in spec.skills}
        assert set(specs["Welder qualification (EN ISO 9606-1)"].skills) == {"welding", "tig-welding"}

    def test_fixed_validity_becomes_months_and_makes_the_expiry_date_required(self):
        specs = {spec.name: spec for spec in template_specs()}

        assert specs["Welder qualification (EN ISO 9606-1)"].default_validity_months == 36
        assert specs["Hot work certificate (Heta arbeten)"].default_validity_months == 60
        assert specs["Fall protection (Fallskydd)"].default_validity_months == 36
        assert specs["Machine operator certificate (Maskinförarbevis)"].default_validity_months is None
        assert "Valid for 3 years" in specs["Welder qualification (EN ISO 9606-1)"].description

    def test_leap_day_plus_years_is_the_28th(self):
        assert add_years(datetime.date(2028, 2, 29), 5) == datetime.date(2033, 2, 28)

    def test_demo_pdf_passes_the_upload_checks(self):
        checked = check_document(ContentFile(demo_pdf("Hot work certificate", "Sara Nyström"), name="x.pdf"))

        assert checked.content_type == "application/pdf"


@pytest.mark.django_db
class TestSeeding:
    def test_document_types_are_seeded_with_their_skills(self):
        output = seed()

        assert CompetenceTemplate.objects.count() == len(template_specs())
        hot_work = CompetenceTemplate.objects.get(slug="hot-work-certificate-heta-arbeten")
        assert hot_work.name == "Hot work certificate (Heta arbeten)"
        assert hot_work.issuer_list == ["Brandskyddsföreningen"]
        assert (hot_work.expiry_required, hot_work.default_validity_months, hot_work.is_active) == (True, 60, True)
        assert "Brandskyddsföreningen" in hot_work.description
        assert not hot_work.skills.exists()
        welder = CompetenceTemplate.objects.get(slug="welder-qualification-en-iso-9606-1")
        assert (welder.expiry_required, welder.default_validity_months) == (True, 36)
        assert set(welder.skills.values_list("slug", flat=True)) == {"welding", "tig-welding"}
        assert not CompetenceTemplate.objects.get(slug="fall-protection-fallskydd").skills.exists()
        assert not CompetenceTemplate.objects.get(slug="machine-operator-certificate-maskinforarbevis").expiry_required
        assert f"Passport document types: {len(template_specs())} created." in output
        assert not CompetenceDocument.objects.exists()

    def test_rerun_creates_nothing_and_keeps_editors_changes(self):
        seed()
        before = set(CompetenceTemplate.objects.values_list("pk", flat=True))
        CompetenceTemplate.objects.filter(slug="id06-card").update(description="Edited by staff.", is_active=False)

        output = seed()

        assert set(CompetenceTemplate.objects.values_list("pk", flat=True)) == before
        assert CompetenceTemplate.objects.get(slug="id06-card").description == "Edited by staff."
        assert "Passport document types: 0 created." in output

    def test_documents_on_request_are_approved_through_the_services(self, client):
        output = seed(documents=True)

        owner = User.objects.get(email=DEMO_FREELANCER.email)
        admin = User.objects.get(email=DEMO_ADMIN.email)
        documents = CompetenceDocument.objects.filter(owner=owner)
        assert f"approved passport documents (the demo freelancer's and about half of the others'): " \
               f"{CompetenceDocument.objects.count()} created." in output.lower()
        assert sorted(documents.values_list("template__name", flat=True)) == sorted(
            document.template for document in DEMO_FREELANCER_DOCUMENTS
        )
        own_skills = set(owner.profile.skills.values_list("skill__slug", flat=True))
        for document in documents:
            assert document.public_status() == "valid"
            assert document.current_version.content_type == "application/pdf"
            assert [entry.action for entry in document.audit_log.all()] == [
                CompetenceAuditLog.Action.UPLOADED, CompetenceAuditLog.Action.REVIEW_STARTED,
                CompetenceAuditLog.Action.APPROVED,
            ]
            assert document.reviews.get().reviewer == admin
        proven = {
            document.template.name: set(document.skills.values_list("slug", flat=True)) for document in documents
        }
        assert proven == {
            "Welder qualification (EN ISO 9606-1)": {"welding", "tig-welding"},
            "Hot work certificate (Heta arbeten)": set(), "Fall protection (Fallskydd)": set(), "ID06 card": set(),
        }
        assert "roofing" in own_skills
        hot_work = documents.get(template__slug="hot-work-certificate-heta-arbeten")
        assert hot_work.expiry_date == add_years(hot_work.issue_date, 5)
        welder = documents.get(template__slug="welder-qualification-en-iso-9606-1")
        assert welder.expiry_date == add_years(welder.issue_date, 3)

        html = client.get(owner.profile.get_absolute_url()).content.decode()
        # welding and TIG welding among her skills (not roofing), and each of her four credentials
        assert html.count('<span class="badge badge--verified">Verified</span>') == 2 + len(DEMO_FREELANCER_DOCUMENTS)
        assert client.get(f"/en/verify/{hot_work.verification_code}/").status_code == 200

    def test_documents_are_not_written_twice(self):
        seed(documents=True)
        before = set(CompetenceDocument.objects.values_list("pk", flat=True))

        output = seed(documents=True)

        assert set(CompetenceDocument.objects.values_list("pk", flat=True)) == before
        assert "others'): 0 created." in output


class TestGeneratedFreelancersDocuments:
    """About half of the demo's freelancers hold a certificate proving one of their skills, so
    'Verified only' finds people; every document is valid today and proves only skills its
    type proves and its owner holds."""

    TODAY = datetime.date(2026, 12, 6)

    def test_between_40_and_60_percent_of_the_freelancers_are_verified(self):
        specs = {spec.name: spec for spec in template_specs()}
        verified = 0
        for number in range(1, 61):
            member = freelancer(2026, number, today=self.TODAY)
            held = {skill.slug for skill in member.skills}
            documents = freelancer_documents(2026, number, member)
            verified += any(held & set(specs[document.template].skills) for document in documents)
            for document in documents:
                issued, expires = document_dates(document, specs[document.template], today=self.TODAY)
                assert issued < self.TODAY and (expires is None or expires > self.TODAY)
        assert 0.4 <= verified / 60 <= 0.6

    @pytest.mark.django_db
    def test_seeded_documents_prove_only_held_skills_and_verified_only_finds_their_owners(self):
        call_command("seed_demo", freelancers=12, clients=1, force=True, documents=True, stdout=StringIO())

        owners = User.objects.filter(email__in=[freelancer_email(n) for n in range(1, 13)])
        with_documents = owners.filter(competence_documents__isnull=False).distinct()
        assert 0 < with_documents.count() < 12
        for document in CompetenceDocument.objects.filter(owner__in=owners).select_related("owner__profile"):
            assert document.public_status() == "valid"
            held = set(document.owner.profile.skills.values_list("skill__slug", flat=True))
            type_proves = set(document.template.skills.values_list("slug", flat=True))
            assert set(document.skills.values_list("slug", flat=True)) == held & type_proves
        proven = {
            document.owner.profile.pk for document in CompetenceDocument.objects.filter(skills__isnull=False)
            .select_related("owner__profile")
        }
        found = search(SearchParams(verified_only=True), per_page=100).profiles
        public = {profile.pk for profile in Profile.objects.for_public_display()}
        assert {profile.pk for profile in found} == proven & public
