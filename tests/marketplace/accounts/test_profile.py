from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from marketplace.accounts.models import Language, Profile, User

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile_edit")


def image_upload(name="me.png", fmt="PNG", size=(800, 600)):
    buffer = BytesIO()
    Image.new("RGB", size, (30, 120, 90)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def valid_data(**overrides):
    data = {
        "display_name": "Astrid Lindqvist",
        "headline": "Certified MIG/TIG welder",
        "bio": "Fifteen years in shipyards.",
        "place": "Göteborg",
        "years_experience": "15",
        "hourly_rate": "650.50",
        "currency": "SEK",
        "availability": "now",
        "available_from": "",
        "hours_per_week": "32",
        "visibility": "public",
    }
    data.update(overrides)
    return data


def test_freelancer_saves_profile_with_rate_in_minor_units(client, logged_in, freelancer):
    swedish = Language.objects.create(code="sv", name="Swedish")
    logged_in(freelancer)

    response = client.post(URL, valid_data(languages=[swedish.pk]))

    assert response.status_code == 302
    profile = Profile.objects.get(user=freelancer)
    assert profile.hourly_rate == 65050
    assert profile.headline == "Certified MIG/TIG welder"
    assert str(profile.latitude) == "57.708870"
    assert list(profile.languages.all()) == [swedish]


def test_avatar_is_resized_into_square_renditions(client, logged_in, freelancer):
    logged_in(freelancer)

    response = client.post(URL, valid_data(avatar=image_upload(size=(1600, 900))))

    assert response.status_code == 302
    profile = Profile.objects.get(user=freelancer)
    with Image.open(profile.avatar) as large, Image.open(profile.avatar_small) as small:
        assert large.size == (512, 512)
        assert small.size == (128, 128)
        assert large.format == "JPEG"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"display_name": "   "}, "display_name", "Enter the name shown on your profile."),
        ({"hourly_rate": "-100"}, "hourly_rate", "greater than or equal to 0"),
        ({"hourly_rate": "six hundred"}, "hourly_rate", "Enter the rate as a number"),
        ({"availability": "from", "available_from": ""}, "available_from", "Say from which date"),
        ({"place": "Atlantis"}, "place", "“Atlantis” is not a place we know."),
        ({"place": "Upsala"}, "place", "Did you mean Uppsala?"),
        ({"hours_per_week": "200"}, "hours_per_week", "less than or equal to 80"),
        ({"currency": "USD"}, "currency", "Select a valid choice"),
    ],
)
def test_bad_input_shows_error_next_to_field_keeps_input_and_saves_nothing(
    client, logged_in, freelancer, overrides, field, message
):
    logged_in(freelancer)
    before = Profile.objects.get(user=freelancer)

    response = client.post(URL, valid_data(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    html = response.content.decode()
    assert 'value="Certified MIG/TIG welder"' in html
    after = Profile.objects.get(user=freelancer)
    assert (after.headline, after.hourly_rate, after.display_name) == (
        before.headline,
        before.hourly_rate,
        before.display_name,
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("empty.png", b"", content_type="image/png"), "empty"),
        (
            SimpleUploadedFile("evil.png", b"MZ\x90\x00" + b"\x00" * 2000, content_type="image/png"),
            "not a readable image",
        ),
        (SimpleUploadedFile("doc.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"), "not a readable image"),
        ("gif", "Choose a JPEG, PNG or WebP photo."),
        ("oversized", "too large"),
    ],
)
def test_bad_avatar_is_refused_with_reason_and_nothing_saved(client, logged_in, freelancer, settings, upload, message):
    if upload == "gif":
        upload = image_upload("anim.gif", fmt="GIF")
    elif upload == "oversized":
        settings.VALUND_AVATAR_MAX_BYTES = 1024
        upload = image_upload("big.png", size=(400, 400))
    logged_in(freelancer)

    response = client.post(URL, valid_data(headline="Changed headline", avatar=upload))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["avatar"])
    profile = Profile.objects.get(user=freelancer)
    assert not profile.avatar
    assert profile.headline == "Certified welder"


def test_truncated_image_is_refused(client, logged_in, freelancer):
    good = image_upload(size=(300, 300)).read()
    logged_in(freelancer)

    response = client.post(URL, valid_data(avatar=SimpleUploadedFile("cut.png", good[: len(good) // 2])))

    assert response.status_code == 200
    assert "not a readable image" in " ".join(response.context["form"].errors["avatar"])


def test_client_edits_company_details_but_has_no_rate(client, logged_in, client_user):
    logged_in(client_user)

    page = client.get(URL)
    assert "hourly_rate" not in page.context["form"].fields
    response = client.post(
        URL,
        {
            "display_name": "Nordbygg AB",
            "company_name": "Nordbygg AB",
            "vat_number": "SE556677889901",
            "visibility": "public",
            "hourly_rate": "999",
        },
    )

    assert response.status_code == 302
    profile = Profile.objects.get(user=client_user)
    assert profile.vat_number == "SE556677889901"
    assert profile.hourly_rate is None


def test_profile_edit_only_touches_the_signed_in_members_profile(client, logged_in, freelancer, make_member):
    other = make_member(User.Role.FREELANCER, name="Other Person")
    logged_in(freelancer)

    # Trying to point the form at someone else's profile or user does nothing to them.
    client.post(
        URL, valid_data(user=str(other.pk), profile=other.profile.pk, slug=other.profile.slug, display_name="Hijacked")
    )

    other.profile.refresh_from_db()
    assert other.profile.display_name == "Other Person"
    assert Profile.objects.get(user=freelancer).display_name == "Hijacked"
    assert Profile.objects.get(user=freelancer).slug != other.profile.slug


def test_profile_service_refuses_another_member(freelancer, make_member):
    from marketplace.accounts import services
    from marketplace.core.errors import PermissionDenied

    other = make_member(User.Role.FREELANCER)
    with pytest.raises(PermissionDenied):
        services.profile_update(actor=other, profile=freelancer.profile, data={"display_name": "Mine now"})
    freelancer.profile.refresh_from_db()
    assert freelancer.profile.display_name == "Astrid Lindqvist"


def test_profile_edit_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
