"""Staff moderate profiles through the Wagtail admin (marketplace/accounts/wagtail_hooks.py)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from marketplace.accounts.models import Profile, Skill, User

pytestmark = pytest.mark.django_db

PROFILES = "/admin/snippets/accounts/profile/"


@pytest.fixture
def staff(db, logged_in):
    user = User.objects.create_superuser(email="staff@valund.example", password="not-used-here-0123")
    TOTP.activate(user, generate_totp_secret())
    return logged_in(user)


def edit_data(profile, **changes):
    data = {field: getattr(profile, field) for field in ("display_name", "headline", "bio", "city", "country")}
    data["visibility"] = profile.visibility
    data.update(changes)
    return data


def test_staff_without_two_factor_are_sent_to_set_it_up(client, logged_in):
    user = User.objects.create_superuser(email="new-staff@valund.example", password="not-used-here-0123")

    response = logged_in(user).get(PROFILES)

    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_members_see_no_admin(logged_in, freelancer):
    response = logged_in(freelancer).get(PROFILES)

    assert response.status_code in (302, 403)
    assert "Astrid Lindqvist" not in response.content.decode()


def test_staff_see_every_profile_in_the_listing(staff, freelancer, client_user):
    dashboard = staff.get("/admin/").content.decode()
    assert "Members" in dashboard and "Profiles" in dashboard

    response = staff.get(PROFILES)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Astrid Lindqvist" in html and "Nordbygg AB" in html
    assert "Göteborg" in html
    assert "Freelancer" in html and "Client" in html


def test_staff_search_profiles_by_name_city_and_email(staff, freelancer, client_user):
    for query in ("lindqvist", "Göteborg", freelancer.email):
        html = staff.get(PROFILES, {"q": query}).content.decode()

        assert "Astrid Lindqvist" in html, query
        assert "Nordbygg AB" not in html, query


def test_staff_filter_profiles_by_visibility_and_role(staff, freelancer, client_user, make_member):
    make_member(name="Hidden Hugo", visibility=Profile.Visibility.HIDDEN)

    hidden = staff.get(PROFILES, {"visibility": "hidden"}).content.decode()
    clients = staff.get(PROFILES, {"user__role": "client"}).content.decode()

    assert "Hidden Hugo" in hidden and "Astrid Lindqvist" not in hidden
    assert "Nordbygg AB" in clients and "Astrid Lindqvist" not in clients


def test_hiding_a_profile_in_the_admin_takes_it_off_the_site(client, page_tree, staff, freelancer):
    profile = freelancer.profile
    public_url = f"/en/freelancers/{profile.slug}/"

    response = staff.post(f"{PROFILES}edit/{profile.pk}/", edit_data(profile, visibility="hidden"))

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.visibility == Profile.Visibility.HIDDEN
    staff.logout()
    assert client.get(public_url).status_code == 404
    assert "Astrid Lindqvist" not in client.get("/en/freelancers/").content.decode()


def test_staff_edit_only_moderation_fields(staff, freelancer):
    profile = freelancer.profile
    form = staff.get(f"{PROFILES}edit/{profile.pk}/").content.decode()
    assert 'name="visibility"' in form and 'name="bio"' in form
    assert 'name="hourly_rate"' not in form and 'name="slug"' not in form

    staff.post(f"{PROFILES}edit/{profile.pk}/", edit_data(profile, headline="Welder", hourly_rate="1", slug="x"))

    profile.refresh_from_db()
    assert profile.headline == "Welder"
    assert profile.hourly_rate == 65000
    assert profile.slug != "x"


def test_staff_cannot_add_or_delete_profiles(staff, freelancer):
    listing = staff.get(PROFILES).content.decode()

    assert f"{PROFILES}add/" not in listing
    assert staff.get(f"{PROFILES}add/").status_code in (302, 403)
    assert staff.post(f"{PROFILES}delete/{freelancer.profile.pk}/").status_code in (302, 403)
    assert Profile.objects.filter(pk=freelancer.profile.pk).exists()


def test_staff_manage_skills_filtered_by_category(staff, skills):
    construction = skills["welding"].category

    html = staff.get("/admin/snippets/accounts/skill/", {"category": construction.pk}).content.decode()

    assert "Welding" in html and "Carpentry" in html and "Python" not in html
    assert staff.get("/admin/snippets/accounts/skillcategory/").status_code == 200
    assert staff.get("/admin/snippets/accounts/language/").status_code == 200
    response = staff.post("/admin/snippets/accounts/skill/add/",
                          {"name": "Tiling", "slug": "tiling", "category": construction.pk, "description": ""})
    assert response.status_code == 302
    assert Skill.objects.filter(slug="tiling", category=construction).exists()


def test_profiles_can_be_chosen_for_the_featured_block(staff, freelancer):
    response = staff.get("/admin/snippets/choose/accounts/profile/", {"q": "Astrid"})

    assert response.status_code == 200
    assert "Astrid Lindqvist" in response.content.decode()


def test_the_group_screens_permission_columns_follow_each_requests_language():
    """Wagtail builds these labels with gettext() at import: whichever language imported it first
    used to stick for every admin user after it."""
    from django.utils import translation
    from wagtail.admin.forms.collections import GroupCollectionManagementPermissionFormSet
    from wagtail.images.forms import GroupImagePermissionFormSet

    def columns(formset):
        return [str(short) for _codename, short, _long in formset.permission_types]

    with translation.override("en"):
        assert columns(GroupImagePermissionFormSet) == ["Add", "Edit", "Choose"]
        assert columns(GroupCollectionManagementPermissionFormSet) == ["Add", "Edit", "Delete"]
    with translation.override("sv"):
        assert columns(GroupImagePermissionFormSet) == ["Lägg till", "Redigera", "Välj"]
        assert columns(GroupCollectionManagementPermissionFormSet)[0] == "Lägg till"
