"""Editorial pages in both languages (issue 21): editors translate a page in the admin with
simple_translation's Translate action, members cannot; taxonomy names and descriptions and a
member's bio show in the reader's language. Both demo trees: tests/marketplace/demo/test_seed_demo.py."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page

from marketplace.accounts.models import Profile, Skill, SkillCategory, UserSkill
from marketplace.search import services as search_services
from pages.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def translate_url(page) -> str:
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


@pytest.fixture
def swedish():
    return Locale.objects.get_or_create(language_code="sv")[0]


def test_an_editor_translates_the_home_page_and_then_about_into_swedish(client, page_tree, make_staff, swedish):
    editor = make_staff(groups=("Editors",))
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    home, about = page_tree["home"], page_tree["about"]

    assert client.get(translate_url(about)).status_code == 200  # the form offers the languages
    response = client.post(translate_url(home), {"locales": [swedish.pk]})
    assert response.status_code == 302
    response = client.post(translate_url(about), {"locales": [swedish.pk]})
    assert response.status_code == 302

    swedish_home = home.get_translation(swedish)
    swedish_about = about.get_translation(swedish).specific
    assert swedish_home.translation_key == home.translation_key and swedish_home.get_parent().is_root()
    assert swedish_about.translation_key == about.translation_key
    assert swedish_about.get_parent().pk == swedish_home.pk and swedish_about.slug == "about"
    # A copy to write Swedish in: the English content, unpublished until the editor publishes it.
    assert isinstance(swedish_about, StandardPage) and swedish_about.introduction == about.introduction
    assert not swedish_about.live
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[swedish_about.pk])


def test_members_cannot_translate_pages(client, page_tree, freelancer, swedish):
    client.force_login(freelancer, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(translate_url(page_tree["home"]), {"locales": [swedish.pk]})

    assert response.status_code == 403 or "login" in response["Location"]
    assert not Page.objects.filter(locale=swedish, depth=2).exists()


def test_staff_without_their_second_factor_cannot_translate(client, page_tree, make_staff, swedish):
    editor = make_staff(groups=("Editors",), second_factor=False)
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")

    client.post(translate_url(page_tree["home"]), {"locales": [swedish.pk]})

    assert not HomePage.objects.filter(locale=swedish).exists()


@pytest.fixture
def welding():
    category = SkillCategory.objects.create(
        name="Construction trades", name_sv="Bygg och anläggning", slug="construction",
        description="Skilled trades on the building site.", description_sv="Hantverkare på bygget.",
    )
    return Skill.objects.create(name="Welding (MIG/MAG)", name_sv="Svetsning (MIG/MAG)", slug="welding",
                                category=category, description="MIG/MAG welding.")


def test_taxonomy_names_and_descriptions_follow_the_active_language(welding):
    category = welding.category
    with translation.override("sv"):
        assert (welding.local_name, category.local_name) == ("Svetsning (MIG/MAG)", "Bygg och anläggning")
        assert category.local_description == "Hantverkare på bygget."
        assert welding.local_description == "MIG/MAG welding."  # no Swedish one: the English
    with translation.override("en"):
        assert (welding.local_name, category.local_name) == ("Welding (MIG/MAG)", "Construction trades")
        assert category.local_description == "Skilled trades on the building site."


def test_bio_in_the_readers_language_with_the_other_as_fallback(freelancer):
    profile = freelancer.profile
    profile.bio, profile.bio_sv = "I weld steel.", "Jag svetsar stål."
    with translation.override("sv"):
        assert profile.local_bio == "Jag svetsar stål."
    with translation.override("en"):
        assert profile.local_bio == "I weld steel."
    profile.bio = ""
    with translation.override("en"):
        assert profile.local_bio == "Jag svetsar stål."
    profile.bio, profile.bio_sv = "I weld steel.", ""
    with translation.override("sv"):
        assert profile.local_bio == "I weld steel."


def test_the_profile_form_saves_a_swedish_bio(logged_in, freelancer):
    client = logged_in(freelancer)
    response = client.get(reverse("accounts:profile_edit"))
    assert 'name="bio_sv"' in response.content.decode()
    data = {
        "display_name": "Astrid Lindqvist", "headline": "Certified welder", "bio": "I weld steel.",
        "bio_sv": "Jag svetsar stål.", "place": "Göteborg", "hourly_rate": "650", "currency": "SEK",
        "availability": Profile.Availability.AVAILABLE_NOW, "visibility": Profile.Visibility.PUBLIC,
        "years_experience": "10",
    }

    response = client.post(reverse("accounts:profile_edit"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    freelancer.profile.refresh_from_db()
    assert (freelancer.profile.bio, freelancer.profile.bio_sv) == ("I weld steel.", "Jag svetsar stål.")


@pytest.fixture
def swedish_tree(page_tree, swedish):
    """The home page and the directory translated into Swedish and published."""
    tree = {}
    for name in ("home", "directory"):
        copy = page_tree[name].copy_for_translation(swedish)
        copy.save_revision().publish()
        tree[name] = copy
    return tree


def visit(client, page, language: str, path: str = "", **params) -> str:
    """The page as a reader of `language` gets it (the address in that language, and the browser
    asking for it where addresses carry no language)."""
    with translation.override(language):
        url = page.get_url()
    response = client.get(url + path, params, headers={"accept-language": language}, follow=True)
    assert response.status_code == 200, url
    return response.content.decode()


def test_profile_and_search_show_skill_names_and_bio_in_the_readers_language(client, page_tree, swedish_tree,
                                                                             freelancer, welding):
    profile = freelancer.profile
    profile.bio, profile.bio_sv = "I weld structural steel.", "Jag svetsar konstruktionsstål."
    profile.save()
    UserSkill.objects.create(profile=profile, skill=welding, level=UserSkill.Level.EXPERT, years=12)
    search_services.rebuild()
    directory, swedish_directory = page_tree["directory"], swedish_tree["directory"]

    swedish = visit(client, swedish_directory, "sv", f"{profile.slug}/")
    assert "Svetsning (MIG/MAG)" in swedish and "Bygg och anläggning" in swedish
    assert "Jag svetsar konstruktionsstål." in swedish and "I weld structural steel." not in swedish
    english = visit(client, directory, "en", f"{profile.slug}/")
    assert "Welding (MIG/MAG)" in english and "Svetsning (MIG/MAG)" not in english
    assert "I weld structural steel." in english

    # The results: the card's skills, the facets and the chosen skill's chip.
    results = visit(client, swedish_directory, "sv", skills="welding")
    assert results.count("Svetsning (MIG/MAG)") >= 2 and "Welding (MIG/MAG)" not in results
    results = visit(client, directory, "en", skills="welding")
    assert "Welding (MIG/MAG)" in results and "Svetsning (MIG/MAG)" not in results
