import pytest
from django.urls import reverse

from marketplace.accounts.models import User, UserSkill

pytestmark = pytest.mark.django_db

SKILLS_URL = reverse("accounts:skills")


def remove_url(user_skill):
    return reverse("accounts:skill_remove", args=[user_skill.pk])


def test_add_skill_without_javascript_redirects_back(client, logged_in, freelancer, skills):
    logged_in(freelancer)

    response = client.post(SKILLS_URL, {"skill": skills["welding"].pk, "level": 4, "years": 12})

    assert response.status_code == 302
    user_skill = UserSkill.objects.get(profile=freelancer.profile)
    assert (user_skill.skill, user_skill.level, user_skill.years) == (skills["welding"], 4, 12)
    assert "Welding" in client.get(SKILLS_URL).content.decode()


def test_add_skill_with_htmx_returns_only_the_fragment(client, logged_in, freelancer, skills):
    logged_in(freelancer)

    response = client.post(SKILLS_URL, {"skill": skills["python"].pk, "level": 2, "years": 1}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="skills"')
    assert "<html" not in html
    assert "Python" in html and "Intermediate" in html
    assert UserSkill.objects.filter(profile=freelancer.profile, skill=skills["python"]).exists()


def test_adding_the_same_skill_again_updates_it(client, logged_in, freelancer, skills):
    logged_in(freelancer)
    client.post(SKILLS_URL, {"skill": skills["welding"].pk, "level": 2, "years": 1})
    client.post(SKILLS_URL, {"skill": skills["welding"].pk, "level": 3, "years": 5})

    assert UserSkill.objects.get(profile=freelancer.profile).level == 3


def test_invalid_skill_form_with_htmx_shows_errors_in_place(client, logged_in, freelancer, skills):
    logged_in(freelancer)

    response = client.post(SKILLS_URL, {"skill": "", "level": 9, "years": -1}, HTTP_HX_REQUEST="true")

    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert "<html" not in html
    assert not UserSkill.objects.exists()


def test_invalid_skill_form_without_javascript_rerenders_page(client, logged_in, freelancer, skills):
    logged_in(freelancer)

    response = client.post(SKILLS_URL, {"skill": skills["welding"].pk, "level": 4, "years": 99})

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "years" in response.context["skill_form"].errors


def test_remove_skill_with_and_without_htmx(client, logged_in, freelancer, skills):
    welding = UserSkill.objects.create(profile=freelancer.profile, skill=skills["welding"], level=3)
    carpentry = UserSkill.objects.create(profile=freelancer.profile, skill=skills["carpentry"], level=2)
    logged_in(freelancer)

    htmx = client.post(remove_url(welding), HTTP_HX_REQUEST="true")
    plain = client.post(remove_url(carpentry))

    assert htmx.status_code == 200 and "<html" not in htmx.content.decode()
    assert plain.status_code == 302
    assert not UserSkill.objects.exists()


def test_removing_twice_is_harmless(client, logged_in, freelancer, skills):
    welding = UserSkill.objects.create(profile=freelancer.profile, skill=skills["welding"], level=3)
    logged_in(freelancer)

    assert client.post(remove_url(welding)).status_code == 302
    assert client.post(remove_url(welding)).status_code == 302


def test_member_cannot_remove_another_members_skill_by_guessing_its_id(
    client, logged_in, freelancer, make_member, skills
):
    victim = make_member(User.Role.FREELANCER)
    theirs = UserSkill.objects.create(profile=victim.profile, skill=skills["welding"], level=4)
    logged_in(freelancer)

    response = client.post(remove_url(theirs), HTTP_HX_REQUEST="true")

    assert response.status_code == 404
    assert UserSkill.objects.filter(pk=theirs.pk).exists()


def test_remove_needs_post(client, logged_in, freelancer, skills):
    welding = UserSkill.objects.create(profile=freelancer.profile, skill=skills["welding"], level=3)
    logged_in(freelancer)

    assert client.get(remove_url(welding)).status_code == 405
    assert UserSkill.objects.filter(pk=welding.pk).exists()


def test_clients_do_not_list_skills(client, logged_in, client_user, skills):
    logged_in(client_user)

    response = client.post(SKILLS_URL, {"skill": skills["welding"].pk, "level": 3, "years": 1})

    assert response.status_code == 302
    assert not UserSkill.objects.exists()


def test_visitor_is_sent_to_login(client, skills):
    response = client.post(SKILLS_URL, {"skill": skills["welding"].pk, "level": 3, "years": 1})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not UserSkill.objects.exists()
