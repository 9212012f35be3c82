"""The public side of the passport: the verification page behind each QR code, its JSON and
QR image, and the freelancer's printable passport. A verifier learns whether a document is in
force and how Valund checked it, and nothing private."""

import datetime
import io
import json

import pytest
import qrcode
from defusedxml.ElementTree import fromstring
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from qrcode.image.svg import SvgPathImage

from marketplace.accounts.models import Profile, User
from marketplace.passport import services
from marketplace.passport.models import CompetenceDocument, CompetenceReview
from marketplace.passport.selectors import mask_credential_number

pytestmark = pytest.mark.django_db

Status = CompetenceDocument.Status
TODAY = timezone.localdate()
NUMBER = "HA-2024-987654"
NOTE = "Phoned the issuer: the card was reissued after a typo."
COMMENT_TO_FREELANCER = "All good, thanks for the clear scan."
CHECKS = [*services.CHECKS_REQUIRED_FOR_APPROVAL, CompetenceReview.Check.REGISTRY]


def verify_url(document, name="passport:verify"):
    return reverse(name, kwargs={"code": document.verification_code})


def approve(document, reviewer, *, checks=CHECKS):
    services.review_start(reviewer=reviewer, document=document)
    services.review_decide(reviewer=reviewer, document=document, decision="approved", checks=checks,
                           comment=COMMENT_TO_FREELANCER, internal_note=NOTE)
    document.refresh_from_db()
    return document


@pytest.fixture
def holder(freelancer, skills):
    return freelancer


@pytest.fixture
def approved(make_document, holder, template, reviewer, skills):
    document = make_document(holder, template=template, credential_number=NUMBER, skills=[skills["welding"]],
                             issue_date=TODAY - datetime.timedelta(days=100),
                             expiry_date=TODAY + datetime.timedelta(days=700))
    return approve(document, reviewer)


def shown(day) -> str:
    """A date as pages show it."""
    return date_format(day, "DATE_FORMAT")


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


class TestVerificationPage:
    def test_valid_document_shows_holder_type_issuer_dates_and_status(self, client, approved, holder):
        html = html_of(client.get(verify_url(approved)))

        assert "Valid</span>" in html
        assert "Valund staff checked this document, and it is in force today." in html
        assert f'<a href="/en/freelancers/{holder.profile.slug}/">Astrid Lindqvist</a>' in html
        assert "<h1 id=\"verification-heading\">Hot work certificate</h1>" in html
        assert "Brandskyddsföreningen" in html
        assert shown(approved.issue_date) in html
        assert shown(approved.expiry_date) in html
        assert "•••• 654" in html

    def test_provenance_says_when_how_and_that_valund_staff_checked(self, client, approved):
        html = html_of(client.get(verify_url(approved)))

        review = approved.reviews.get(decision=CompetenceReview.Decision.APPROVED)
        checked_on = shown(timezone.localtime(review.created_at))
        assert f"Valund staff checked the document on {checked_on} and confirmed:" in html
        for label in review.check_labels():
            assert f"<li>{escape(label)}</li>" in html
        assert "Checked against the issuer&#x27;s public register" in html

    def test_only_the_checks_the_reviewer_ticked_are_listed(self, client, make_document, holder, template,
                                                           reviewer):
        document = approve(make_document(holder, template=template), reviewer,
                           checks=services.CHECKS_REQUIRED_FOR_APPROVAL)

        html = html_of(client.get(verify_url(document)))

        assert "Name matches the member&#x27;s identity" in html
        assert "public register" not in html

    def test_hidden_profile_is_named_but_not_linked(self, client, approved, holder):
        Profile.objects.filter(user=holder).update(visibility=Profile.Visibility.HIDDEN)

        html = html_of(client.get(verify_url(approved)))

        assert "<dd>Astrid Lindqvist</dd>" in html
        assert f"/en/freelancers/{holder.profile.slug}/" not in html

    def test_document_without_a_type_shows_its_title(self, client, make_document, holder, reviewer):
        document = approve(make_document(holder, title="Crane operator card", issuer="Kranförarskolan"), reviewer)

        html = html_of(client.get(verify_url(document)))

        assert "Crane operator card" in html
        assert "No expiry date" in html

    def test_expired_status_after_the_daily_expiry_run(self, client, approved):
        assert services.document_expire(document=approved, today=approved.expiry_date + datetime.timedelta(days=1))

        html = html_of(client.get(verify_url(approved)))

        assert "Expired</span>" in html
        assert f"This document expired on {shown(approved.expiry_date)}." in html
        assert "Valid</span>" not in html

    def test_approved_document_past_its_date_shows_expired_before_the_run(self, client, approved):
        CompetenceDocument.objects.filter(pk=approved.pk).update(
            issue_date=TODAY - datetime.timedelta(days=800), expiry_date=TODAY - datetime.timedelta(days=1)
        )

        response = client.get(verify_url(approved))

        assert "Expired</span>" in html_of(response)
        assert CompetenceDocument.objects.get(pk=approved.pk).status == Status.APPROVED
        assert client.get(verify_url(approved, "passport:verify_json")).json()["status"] == "expired"

    def test_revoked_status_with_its_date_but_not_the_reason(self, client, approved, reviewer):
        services.document_revoke(reviewer=reviewer, document=approved, reason="Forged stamp, per the issuer.")

        html = html_of(client.get(verify_url(approved)))

        assert "Revoked</span>" in html
        assert f"Valund withdrew its approval of this document on {shown(TODAY)}." in html
        assert "Forged stamp" not in html
        assert "Valid</span>" not in html

    @pytest.mark.parametrize("status", [Status.UPLOADED, Status.UNDER_REVIEW, Status.REJECTED,
                                        Status.REQUIRES_REVISION])
    @pytest.mark.parametrize("name", ["passport:verify", "passport:verify_json", "passport:verify_qr"])
    def test_document_never_approved_is_not_found(self, client, make_document, status, name):
        document = make_document(status=status)

        response = client.get(verify_url(document, name))

        assert response.status_code == 404
        assert document.title not in response.content.decode()

    @pytest.mark.parametrize("name", ["passport:verify", "passport:verify_json", "passport:verify_qr"])
    def test_unknown_code_is_not_found(self, client, approved, name):
        code = approved.verification_code
        guess = code[:-1] + ("A" if code[-1] != "A" else "B")

        assert client.get(reverse(name, kwargs={"code": guess})).status_code == 404

    def test_codes_are_unguessable(self, make_document):
        codes = {make_document().verification_code for _ in range(3)}

        assert len(codes) == 3
        assert all(len(code) >= 24 for code in codes)

    def test_search_engines_are_told_not_to_index(self, client, approved):
        response = client.get(verify_url(approved))

        assert '<meta name="robots" content="noindex">' in html_of(response)
        assert response["X-Robots-Tag"] == "noindex"
        assert '<link rel="canonical"' not in response.content.decode()

    def test_no_cache_keeps_an_answer_from_before_a_revocation(self, client, approved):
        for name in ("passport:verify", "passport:verify_json"):
            cache_control = client.get(verify_url(approved, name))["Cache-Control"]
            assert "no-cache" in cache_control and "no-store" in cache_control

    def test_qr_code_is_an_image_not_inline_svg(self, client, approved):
        html = html_of(client.get(verify_url(approved)))

        assert f'src="{verify_url(approved, "passport:verify_qr")}"' in html
        assert "<svg" not in html
        assert f"http://testserver/verify/{approved.verification_code}/" in html

    def test_writes_are_refused(self, client, approved):
        assert client.post(verify_url(approved)).status_code == 405
        assert client.post(verify_url(approved, "passport:verify_json")).status_code == 405


class TestNothingPrivate:
    @pytest.fixture
    def pages(self, client, approved):
        return [client.get(verify_url(approved)).content.decode(),
                client.get(verify_url(approved, "passport:verify_json")).content.decode()]

    def test_no_full_number_note_comment_reviewer_file_or_email(self, pages, approved, reviewer, holder):
        version = approved.current_version
        secrets = [NUMBER, NUMBER[:-3], NOTE, COMMENT_TO_FREELANCER, reviewer.email, "Rita Reviewer", "Rita",
                   holder.email, version.original_name, version.file.name, version.sha256, "/passport/documents/"]
        for page in pages:
            for secret in secrets:
                assert secret not in page, secret

    @pytest.mark.parametrize(("number", "shown"), [
        ("", ""), ("12345", "••••"), ("123456", "•••• 456"), (" AB-123 456 ", "•••• 456"), (NUMBER, "•••• 654"),
    ])
    def test_numbers_are_masked_to_their_last_three_characters(self, number, shown):
        assert mask_credential_number(number) == shown


class TestJson:
    def test_shape(self, client, approved, holder):
        response = client.get(verify_url(approved, "passport:verify_json"))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        review = approved.reviews.get(decision=CompetenceReview.Decision.APPROVED)
        assert json.loads(response.content) == {
            "status": "valid",
            "holder": "Astrid Lindqvist",
            "type": "Hot work certificate",
            "issuer": "Brandskyddsföreningen",
            "issue_date": approved.issue_date.isoformat(),
            "expiry_date": approved.expiry_date.isoformat(),
            "checked_at": review.created_at.isoformat(),
            "checks": review.check_labels(),
            "verification_url": f"http://testserver/verify/{approved.verification_code}/",
        }
        assert datetime.datetime.fromisoformat(response.json()["checked_at"]).tzinfo is not None

    def test_revoked_and_no_expiry(self, client, make_document, holder, reviewer):
        document = approve(make_document(holder, title="Forklift licence", issuer="Truckskolan"), reviewer)
        services.document_revoke(reviewer=reviewer, document=document, reason="Withdrawn.")

        data = client.get(verify_url(document, "passport:verify_json")).json()

        assert (data["status"], data["type"], data["expiry_date"]) == ("revoked", "Forklift licence", None)

    def test_page_announces_the_json(self, client, approved):
        html = html_of(client.get(verify_url(approved)))

        assert (f'<link rel="alternate" type="application/json" '
                f'href="{verify_url(approved, "passport:verify_json")}">') in html


class TestQrCode:
    def test_svg_of_the_pages_absolute_url_at_the_address_in_use(self, client, approved, settings):
        settings.SITE_URL = "https://valund.example"
        settings.ALLOWED_HOSTS = ["127.0.0.1"]
        response = client.get(verify_url(approved, "passport:verify_qr"), HTTP_HOST="127.0.0.1:8001")

        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        root = fromstring(response.content)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert [element.tag for element in root] == ["{http://www.w3.org/2000/svg}path"]
        assert all("style" not in element.attrib for element in root.iter())
        expected = io.BytesIO()
        url = f"http://127.0.0.1:8001/verify/{approved.verification_code}/"
        qrcode.make(url, image_factory=SvgPathImage, border=4).save(expected)
        assert response.content == expected.getvalue()

    def test_the_page_prints_its_address_at_the_address_in_use(self, client, approved, settings):
        settings.SITE_URL = "https://valund.example"
        settings.ALLOWED_HOSTS = ["127.0.0.1"]
        html = html_of(client.get(verify_url(approved), HTTP_HOST="127.0.0.1:8001"))

        # The address the QR code holds: without a language prefix, redirected to the reader's.
        assert f'<p class="verification__url">http://127.0.0.1:8001/verify/{approved.verification_code}/</p>' in html
        assert "valund.example" not in html

    def test_qr_code_may_be_cached(self, client, approved):
        cache_control = client.get(verify_url(approved, "passport:verify_qr"))["Cache-Control"]

        assert "public" in cache_control and "max-age=86400" in cache_control


class TestViewsAreCounted:
    def test_page_and_json_views_count_qr_image_and_misses_do_not(self, client, approved):
        client.get(verify_url(approved))
        client.get(verify_url(approved))
        client.get(verify_url(approved, "passport:verify_json"))
        client.get(verify_url(approved, "passport:verify_qr"))
        client.get(reverse("passport:verify", kwargs={"code": "no-such-code"}))

        approved.refresh_from_db()
        assert approved.verification_views == 3

    def test_counting_leaves_no_trace_of_the_visitor(self, client, approved):
        entries = approved.audit_log.count()

        client.get(verify_url(approved), REMOTE_ADDR="203.0.113.9")

        assert approved.audit_log.count() == entries


class TestPrintablePassport:
    URL = reverse("passport:print")

    @pytest.fixture
    def documents(self, make_document, holder, template, reviewer):
        """One document in each state a freelancer can have; only `valid` is in force."""

        def make(title, **fields):
            return make_document(holder, template=None, title=title, issuer="Issuer AB", **fields)

        valid = approve(make("Valid card", credential_number="VC-100200300"), reviewer)
        no_expiry = approve(make("Lifelong diploma"), reviewer)
        out_of_date = approve(make("Out-of-date card", expiry_date=TODAY + datetime.timedelta(days=10)), reviewer)
        CompetenceDocument.objects.filter(pk=out_of_date.pk).update(
            issue_date=TODAY - datetime.timedelta(days=900), expiry_date=TODAY - datetime.timedelta(days=1)
        )
        expired = approve(make("Expired card", expiry_date=TODAY + datetime.timedelta(days=10)), reviewer)
        services.document_expire(document=expired, today=TODAY + datetime.timedelta(days=11))
        revoked = approve(make("Revoked card"), reviewer)
        services.document_revoke(reviewer=reviewer, document=revoked, reason="Withdrawn.")
        pending = make("Pending card")
        rejected = make("Rejected card", status=Status.REJECTED)
        return {"valid": [valid, no_expiry], "not": [out_of_date, expired, revoked, pending, rejected]}

    def test_lists_only_credentials_in_force_with_qr_codes_and_addresses(self, logged_in, holder, documents):
        html = html_of(logged_in(holder).get(self.URL))

        for document in documents["valid"]:
            assert document.title in html
            assert f'src="{verify_url(document, "passport:verify_qr")}"' in html
            assert f"http://testserver/verify/{document.verification_code}/" in html
        for document in documents["not"]:
            assert document.title not in html
            assert document.verification_code not in html
        assert "•••• 300" in html and "VC-100200300" not in html
        assert "Competence passport of Astrid Lindqvist" in html

    def test_print_button_needs_no_inline_script(self, logged_in, holder, documents):
        html = html_of(logged_in(holder).get(self.URL))

        assert '<button type="button" class="button" data-print hidden>Print</button>' in html
        assert 'src="/static/js/passport-print.js"' in html
        assert "onclick" not in html
        assert '<meta name="robots" content="noindex">' in html

    def test_without_credentials_says_so(self, logged_in, make_member):
        html = html_of(logged_in(make_member()).get(self.URL))

        assert "You have no approved certificates or licences in force yet." in html

    def test_visitor_is_sent_to_log_in(self, client, documents):
        response = client.get(self.URL)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_client_sees_no_one_elses_passport(self, logged_in, client_user, documents):
        response = logged_in(client_user).get(self.URL, follow=True)

        html = response.content.decode()
        for document in documents["valid"]:
            assert document.title not in html
            assert document.verification_code not in html

    def test_another_freelancer_sees_only_their_own(self, logged_in, make_member, make_document, reviewer,
                                                    documents):
        other = make_member(User.Role.FREELANCER, name="Bo Ek")
        own = approve(make_document(other, title="Bo's own card", issuer="Issuer AB"), reviewer)

        html = html_of(logged_in(other).get(self.URL))

        assert escape(own.title) in html
        for document in documents["valid"]:
            assert document.title not in html
