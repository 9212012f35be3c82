"""seed_demo's passport data: document types from the taxonomy's certificates, and on request
approved documents for the demo freelancer, made through the passport's services."""

import datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from marketplace.accounts.models import User
from marketplace.core.files import check_document
from marketplace.demo.logins import DEMO_ADMIN, DEMO_FREELANCER
from marketplace.demo.passport import DEMO_FREELANCER_DOCUMENTS, add_years, demo_pdf, template_specs
from marketplace.demo.taxonomy import CATEGORIES, CONSTRUCTION
from marketplace.passport.models import CompetenceAuditLog, CompetenceDocument, CompetenceTemplate


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

    def test_a_certificate_naming_no_skills_evidences_its_whole_category(self):
        spec = next(spec for spec in template_specs() if spec.name == "ID06 card")

        assert set(spec.skills) == {skill.slug for skill in CONSTRUCTION.skills}

    def test_fixed_validity_becomes_months_and_makes_the_expiry_date_required(self):
        specs = {spec.name: spec for spec in template_specs()}

        assert specs["Hot work certificate (Heta arbeten)"].default_validity_months == 60
        assert specs["ID06 card"].default_validity_months is None

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
        assert set(hot_work.skills.values_list("slug", flat=True)) == {
            "welding", "tig-welding", "roofing", "plumbing", "sheet-metal-work", "refrigeration-heat-pumps",
            "demolition",
        }
        assert not CompetenceTemplate.objects.get(slug="id06-card").expiry_required
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
        assert f"approved documents: {len(DEMO_FREELANCER_DOCUMENTS)} created." in output
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
            skills = set(document.skills.values_list("slug", flat=True))
            assert skills and skills <= own_skills
        hot_work = documents.get(template__slug="hot-work-certificate-heta-arbeten")
        assert hot_work.expiry_date == add_years(hot_work.issue_date, 5)

        html = client.get(owner.profile.get_absolute_url()).content.decode()
        assert html.count('<span class="badge badge--verified">Verified</span>') >= len(own_skills)
        assert client.get(f"/verify/{hot_work.verification_code}/").status_code == 200

    def test_documents_are_not_written_twice(self):
        seed(documents=True)
        before = set(CompetenceDocument.objects.values_list("pk", flat=True))

        output = seed(documents=True)

        assert set(CompetenceDocument.objects.values_list("pk", flat=True)) == before
        assert "approved documents: 0 created." in output
