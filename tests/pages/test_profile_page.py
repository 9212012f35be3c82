import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts import services
from marketplace.accounts.models import Language, Profile, Skill, SkillCategory, User, UserSkill

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def profile_url(user):
    return f"/en/freelancers/{user.profile.slug}/"


def json_ld(response):
    blocks = JSON_LD.findall(response.content.decode())
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def skilled_freelancer(freelancer, skills):
    services.skill_add(actor=freelancer, profile=freelancer.profile, skill=skills["welding"],
                       level=UserSkill.Level.EXPERT, years=12)
    services.skill_add(actor=freelancer, profile=freelancer.profile, skill=skills["carpentry"],
                       level=UserSkill.Level.BEGINNER, years=1)
    profile = freelancer.profile
    profile.bio = "Twenty years in shipyards.\nNow freelancing."
    profile.hours_per_week = 30
    profile.save()
    profile.languages.set([Language.objects.create(code="sv", name="Swedish"),
                           Language.objects.create(code="en", name="English")])
    return freelancer


def test_public_profile_shows_what_a_client_needs(client, page_tree, skilled_freelancer):
    response = client.get(profile_url(skilled_freelancer))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Astrid Lindqvist</h1>" in html
    assert "Certified welder" in html
    assert "Welding" in html and "Expert" in html and "12 years" in html
    assert "Carpentry" in html and "Beginner" in html and "1 year" in html
    assert "650 SEK per hour" in html
    assert "Göteborg, Sweden" in html
    assert "Available now" in html
    assert "30 hours per week" in html
    assert "English, Swedish" in html
    assert "<p>Twenty years in shipyards.<br>Now freelancing.</p>" in html
    assert skilled_freelancer.date_joined.strftime("%b %Y") in html


def test_public_profile_has_canonical_and_open_graph_tags(client, page_tree, skilled_freelancer):
    response = client.get(profile_url(skilled_freelancer))

    html = response.content.decode()
    # Canonical links are SITE_URL and the page's address in its language (here English).
    url = f"http://testserver/en/freelancers/{skilled_freelancer.profile.slug}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="profile">' in html
    assert '<meta property="og:title" content="Astrid Lindqvist">' in html
    description = "Certified welder – Twenty years in shipyards. Now freelancing."
    assert f'<meta property="og:description" content="{description}">' in html
    assert f'<meta name="description" content="{description}">' in html
    assert "<title>Astrid Lindqvist – Certified welder · Valund</title>" in html
    assert "og:image" not in html


def test_avatar_appears_as_image_and_in_link_previews(client, page_tree, freelancer):
    profile = freelancer.profile
    profile.avatar.name = "avatars/2026/01/avatar-512.jpg"
    profile.avatar_small.name = "avatars/2026/01/avatar-128.jpg"
    profile.save()

    response = client.get(profile_url(freelancer))

    html = response.content.decode()
    image_url = "http://testserver/media/avatars/2026/01/avatar-512.jpg"
    assert f'<meta property="og:image" content="{image_url}">' in html
    assert json_ld(response)["image"] == image_url
    assert 'src="/media/avatars/2026/01/avatar-512.jpg"' in html


def test_profile_without_avatar_shows_initials(client, page_tree, freelancer):
    html = client.get(profile_url(freelancer)).content.decode()

    assert '<span class="avatar avatar--large" aria-hidden="true">AL</span>' in html


def test_long_bio_is_truncated_in_meta_description(client, page_tree, freelancer):
    Profile.objects.filter(pk=freelancer.profile.pk).update(headline="", bio="word " * 200)

    html = client.get(profile_url(freelancer)).content.decode()

    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert len(description) <= 160
    assert description.endswith("…")


def test_json_ld_describes_the_person(client, page_tree, skilled_freelancer):
    data = json_ld(client.get(profile_url(skilled_freelancer)))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Person"
    assert data["name"] == "Astrid Lindqvist"
    assert data["jobTitle"] == "Certified welder"
    assert data["description"] == "Twenty years in shipyards.\nNow freelancing."
    assert data["address"] == {"@type": "PostalAddress", "addressLocality": "Göteborg", "addressCountry": "SE"}
    assert data["knowsAbout"] == ["Welding", "Carpentry"]
    assert data["url"] == f"http://testserver/en/freelancers/{skilled_freelancer.profile.slug}/"
    assert "image" not in data


def test_script_in_bio_stays_text(client, page_tree, freelancer):
    attack = "</script><script>alert(1)</script>"
    Profile.objects.filter(pk=freelancer.profile.pk).update(bio=attack, headline=attack)

    response = client.get(profile_url(freelancer))

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == html.count("<script")
    assert json_ld(response)["description"] == attack
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("who", ["hidden", "client", "unverified", "inactive"])
def test_profiles_a_visitor_may_not_see_are_not_found(client, page_tree, make_member, who):
    if who == "hidden":
        user = make_member(visibility=Profile.Visibility.HIDDEN)
    elif who == "client":
        user = make_member(User.Role.CLIENT)
    elif who == "unverified":
        user = make_member(verified=False)
    else:
        user = make_member()
        User.objects.filter(pk=user.pk).update(is_active=False)

    response = client.get(profile_url(user))

    assert response.status_code == 404
    assert user.profile.display_name not in response.content.decode()


def test_unknown_slug_is_not_found(client, page_tree):
    response = client.get("/en/freelancers/nobody-here/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def _with_skills(user, count):
    category = SkillCategory.objects.create(name=f"Trade {user.pk}", slug=f"trade-{user.pk}")
    for n in range(count):
        skill = Skill.objects.create(name=f"Skill {n} of {user.pk}", slug=f"skill-{n}-{user.pk}", category=category)
        services.skill_add(actor=user, profile=user.profile, skill=skill, level=1 + n % 4, years=n)
    user.profile.languages.set([Language.objects.create(code=f"l{user.pk}"[:8], name=f"Language {user.pk}")])
    return user


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_profile_page_runs_the_same_queries_for_one_skill_or_thirty(client, page_tree, make_member):
    one = _with_skills(make_member(), 1)
    thirty = _with_skills(make_member(), 30)
    client.get(profile_url(one))  # warm the site-root and directory-URL caches

    queries_one = _count_queries(client, profile_url(one))
    queries_thirty = _count_queries(client, profile_url(thirty))

    assert queries_one == queries_thirty
    # Wagtail's routing (site, pages on the path, aliases, view restrictions) takes six;
    # the profile with its user, skills with categories, and languages takes three; the
    # passport documents in force take one (and one more for their skills when there are
    # any: tests/marketplace/passport/test_profile_badges.py); the ratings take two, the
    # statistics and one page of reviews (tests/marketplace/ratings/test_profile.py).
    assert queries_thirty <= 12


def test_rate_availability_and_request_come_before_the_about_text(client, page_tree, skilled_freelancer):
    """On a phone the page reads in source order: the summary right under the name (each fact once)."""
    html = client.get(profile_url(skilled_freelancer)).content.decode()

    name, rate, available = html.index("<h1>"), html.index("650 SEK per hour"), html.index("Available now")
    request, about = html.index("Request a booking"), html.index('id="profile-about"')
    assert name < rate < available < request < about
    assert html.count("650 SEK per hour") == 1 and html.count("Request a booking") == 1
