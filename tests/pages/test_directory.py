import pytest

from marketplace.accounts import services
from marketplace.accounts.models import Profile, User
from marketplace.search import services as search_services

pytestmark = pytest.mark.django_db


def test_directory_lists_public_freelancers_only(client, page_tree, make_member):
    make_member(name="Anna Public")
    make_member(name="Bo Public")
    make_member(name="Hidden Hanna", visibility=Profile.Visibility.HIDDEN)
    make_member(User.Role.CLIENT, name="Client Carl")
    make_member(name="Unverified Ulf", verified=False)
    search_services.rebuild()

    response = client.get("/en/freelancers/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="search-heading">Find freelancers</h1>' in html
    assert "Browse <b>verified</b> freelancers." in html
    assert "2 freelancers" in html
    assert "Anna Public" in html and "Bo Public" in html
    for name in ("Hidden Hanna", "Client Carl", "Unverified Ulf"):
        assert name not in html


def test_directory_paginates(client, page_tree, make_member):
    for name in ("Anna", "Bo", "Cissi", "Dan", "Eva"):
        make_member(name=name)
    search_services.rebuild()

    first = client.get("/en/freelancers/").content.decode()
    third = client.get("/en/freelancers/?page=3").content.decode()

    assert "Anna" in first and "Bo" in first and "Cissi" not in first
    assert "Page 1 of 3" in first
    assert 'href="/en/freelancers/?page=2"' in first
    assert "Eva" in third and "Dan" not in third
    assert 'href="/en/freelancers/?page=2"' in third
    assert '<meta name="robots" content="noindex, follow">' in third


def test_directory_out_of_range_page_shows_the_last(client, page_tree, make_member):
    make_member(name="Only One")
    search_services.rebuild()

    response = client.get("/en/freelancers/?page=99")

    assert response.status_code == 200
    assert "Only One" in response.content.decode()


def test_empty_directory_says_so(client, page_tree):
    html = client.get("/en/freelancers/").content.decode()

    assert "No freelancers to show here yet." in html


def test_directory_filters_by_category(client, page_tree, make_member, skills):
    welder = make_member(name="Wilma Welder")
    coder = make_member(name="Pia Python")
    services.skill_add(actor=welder, profile=welder.profile, skill=skills["welding"], level=3)
    services.skill_add(actor=coder, profile=coder.profile, skill=skills["python"], level=3)
    search_services.rebuild()

    html = client.get("/en/freelancers/?category=construction").content.decode()

    assert '<h1 id="search-heading">Construction freelancers</h1>' in html
    assert "Wilma Welder" in html
    assert "Pia Python" not in html
    assert '<link rel="canonical" href="http://testserver/en/freelancers/?category=construction">' in html


def test_directory_ignores_an_unknown_category(client, page_tree, make_member):
    make_member(name="Anna Public")
    search_services.rebuild()

    html = client.get("/en/freelancers/?category=nope").content.decode()

    assert "Anna Public" in html


def test_directory_queries_do_not_grow_with_profiles(client, page_tree, make_member, skills,
                                                     django_assert_max_num_queries):
    page_tree["directory"].profiles_per_page = 24
    page_tree["directory"].save_revision().publish()
    for _ in range(20):
        member = make_member()
        services.skill_add(actor=member, profile=member.profile, skill=skills["welding"], level=2)
    search_services.rebuild()
    client.get("/en/freelancers/")

    with django_assert_max_num_queries(15):
        response = client.get("/en/freelancers/")

    assert response.content.decode().count('class="card card--link result-card"') == 20
