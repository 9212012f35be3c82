import re
from datetime import date
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from wagtail.models import Locale, Page, Revision, Site

from marketplace.accounts.models import Language, Profile, Skill, SkillCategory, User, UserSkill
from marketplace.demo import generate
from marketplace.demo.generate import DEMO_DOMAIN
from marketplace.demo.logins import DEMO_ADMIN, DEMO_CLIENT, DEMO_FREELANCER, DEMO_PASSWORD, DEMO_STAFF, NAMED_ACCOUNTS
from marketplace.demo.seed import SlugAllocator
from marketplace.demo.text import demo_slug
from pages.models import FormPage, FreelancerDirectoryPage, HomePage, StandardPage

TODAY = date(2026, 3, 2)


def seed(*, freelancers=30, clients=8, seed=2026, **options) -> str:
    out = StringIO()
    call_command("seed_demo", freelancers=freelancers, clients=clients, seed=seed, force=True, stdout=out,
                 **options)
    return out.getvalue()


def demo_users():
    return User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")


def snapshot() -> dict:
    """Everything a rerun must leave alone, by primary key."""
    return {
        "users": set(User.objects.values_list("pk", flat=True)),
        "addresses": set(EmailAddress.objects.values_list("pk", flat=True)),
        "profiles": set(Profile.objects.values_list("pk", flat=True)),
        "user_skills": set(UserSkill.objects.values_list("pk", flat=True)),
        "languages_spoken": set(Profile.languages.through.objects.values_list("pk", flat=True)),
        "skills": set(Skill.objects.values_list("pk", flat=True)),
        "categories": set(SkillCategory.objects.values_list("pk", flat=True)),
        "languages": set(Language.objects.values_list("pk", flat=True)),
        "pages": set(Page.objects.values_list("pk", flat=True)),
        "revisions": set(Revision.objects.values_list("pk", flat=True)),
    }


def member_facts() -> list[tuple]:
    return sorted(
        Profile.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").values_list(
            "user__email", "display_name", "slug", "city", "hourly_rate", "currency"
        )
    )


def admin_password(output: str) -> str:
    return re.search(rf"{re.escape(DEMO_ADMIN.email)}, password: (\S+)", output).group(1)


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """One seeded database for a class of read-only tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded")
class TestSeededDatabase:
    def test_home_page_replaces_wagtails_welcome_page_as_the_default_sites_root(self):
        site = Site.objects.get(is_default_site=True)
        home = HomePage.objects.get(locale__language_code="en")
        assert (site.hostname, site.port, site.root_page_id, site.site_name) == ("localhost", 80, home.pk, "Valund")
        assert home.title == "Valund" and home.live and home.depth == 2
        assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
        assert [block.block_type for block in home.body] == [
            "hero", "skill_categories", "rich_text", "featured_freelancers", "call_to_action", "call_to_action"
        ]

    def test_standard_pages_and_the_directory_are_published_under_home(self):
        home = HomePage.objects.get(locale__language_code="en")
        pages = {page.slug: page for page in StandardPage.objects.child_of(home).live()}
        assert {slug: page.title for slug, page in pages.items()} == {
            "about": "About Valund", "how-it-works": "How it works", "terms": "Terms of service"
        }
        assert all(page.live_revision_id for page in pages.values())
        directory = FreelancerDirectoryPage.objects.child_of(home).live().get()
        assert directory.title == "Freelancers" and directory.url.endswith("/en/freelancers/")  # /en/… under i18n
        assert directory.intro

    def test_each_english_page_has_a_published_swedish_translation(self):
        english_home = HomePage.objects.get(locale__language_code="en")
        english = [english_home, *english_home.get_children().specific()]
        swedish_titles = {}
        for page in english:
            swedish = page.get_translation(Locale.objects.get(language_code="sv")).specific
            assert swedish.translation_key == page.translation_key and swedish.live and swedish.live_revision_id
            assert type(swedish) is type(page) and swedish.slug == page.slug or page is english_home
            swedish_titles[page.title] = swedish.title
        assert swedish_titles == {
            "Valund": "Valund", "About Valund": "Om Valund", "How it works": "Så fungerar det",
            "Terms of service": "Användarvillkor", "Freelancers": "Frilansare", "Contact us": "Kontakta oss",
            "Guides": "Guider",
        }
        swedish_home = english_home.get_translation(Locale.objects.get(language_code="sv"))
        assert swedish_home.get_parent().is_root()
        assert {page.locale.language_code for page in swedish_home.get_children()} == {"sv"}

    def test_swedish_pages_render_swedish_text_and_link_within_swedish(self, client):
        sv = Locale.objects.get(language_code="sv")
        expected = {
            HomePage: ("Kunnigt folk för riktiga jobb", "Utvalda frilansare"),
            FreelancerDirectoryPage: ("Sök bland frilansarna efter kompetens",),
        }
        swedish_directory = FreelancerDirectoryPage.objects.get(locale=sv)
        for page in Page.objects.filter(locale=sv, depth__gte=2).specific():
            response = client.get(page.url, headers={"accept-language": "sv"}, follow=True)
            html = response.content.decode()
            assert response.status_code == 200, page.url
            assert page.title in html, page.url
            for text in expected.get(type(page), ()):
                assert text in html, (page.url, text)
            if page.slug == "how-it-works":
                assert "Fyra steg från behov till betald faktura" in html
                assert f'href="{swedish_directory.url}"' in html
        # Members' own text stays as written: the Swedish home page features the same people.
        english_block = next(b for b in HomePage.objects.get(locale__language_code="en").body
                             if b.block_type == "featured_freelancers")
        swedish_block = next(b for b in HomePage.objects.get(locale=sv).body if b.block_type == "featured_freelancers")
        assert [p.pk for p in swedish_block.value["profiles"]] == [p.pk for p in english_block.value["profiles"]]

    def test_a_contact_form_in_each_language_mails_support(self, client, settings):
        pages = {page.locale.language_code: page for page in FormPage.objects.live().select_related("locale")}

        assert set(pages) == {"en", "sv"}
        assert pages["sv"].translation_key == pages["en"].translation_key
        for code, label in (("en", "Your email address"), ("sv", "Din e-postadress")):
            page = pages[code]
            assert page.to_address == settings.SUPPORT_EMAIL
            response = client.get(page.url)
            assert response.status_code == 200 and label in response.text, code
        # Both pages' answers carry the same field names.
        names = {code: [field.clean_name for field in page.form_fields.all()] for code, page in pages.items()}
        assert names["sv"] == names["en"]

    def test_the_taxonomy_is_named_in_both_languages_and_some_bios_are_in_swedish(self):
        from marketplace.passport.models import CompetenceTemplate

        assert not Skill.objects.filter(name_sv="").exists()
        assert not Skill.objects.filter(description_sv="").exclude(description="").exists()
        assert not SkillCategory.objects.filter(name_sv="").exists()
        assert not SkillCategory.objects.filter(description_sv="").exists()
        assert not CompetenceTemplate.objects.filter(name_sv="").exists()
        assert not CompetenceTemplate.objects.filter(description_sv="").exists()
        demo = Profile.objects.get(user__email=DEMO_FREELANCER.email)
        assert "kompetenspass" in demo.bio_sv and demo.bio.startswith("I'm a welder")
        swedish_bios = Profile.objects.exclude(bio_sv="").exclude(pk=demo.pk)
        assert swedish_bios.exists() and all(profile.country == "SE" for profile in swedish_bios)
        assert all(profile.bio_sv.startswith("Jag har ") for profile in swedish_bios)

    def test_featured_block_shows_public_demo_freelancers(self):
        home = HomePage.objects.get(locale__language_code="en")
        block = next(b for b in home.body if b.block_type == "featured_freelancers")
        ids = [profile.pk for profile in block.value["profiles"]]
        public = set(Profile.objects.for_public_display().values_list("pk", flat=True))
        assert len(ids) == 6
        assert set(ids) <= public
        assert Profile.objects.get(pk=ids[0]).user.email == DEMO_FREELANCER.email

    def test_site_pages_and_a_demo_profile_render(self, client):
        for url in ("/", "/en/about/", "/en/how-it-works/", "/en/terms/", "/en/freelancers/"):
            assert client.get(url, follow=True).status_code == 200, url
        response = client.get(f"/en/freelancers/{DEMO_FREELANCER.slug_base}/", follow=True)
        assert response.status_code == 200
        assert DEMO_FREELANCER.display_name in response.text

    def test_counts_match_the_options_plus_the_demo_logins(self):
        assert demo_users().filter(role=User.Role.FREELANCER).count() == 31
        assert demo_users().filter(role=User.Role.CLIENT).count() == 9
        assert demo_users().filter(role=User.Role.ADMIN).count() == 1 + len(DEMO_STAFF)
        assert Profile.objects.filter(user__in=demo_users()).count() == 44
        assert SkillCategory.objects.count() == 6
        assert 60 <= Skill.objects.count() <= 90

    def test_every_demo_member_has_a_verified_primary_address(self):
        assert EmailAddress.objects.filter(user__in=demo_users(), verified=True, primary=True).count() == 44
        assert all(user.email_verified for user in demo_users())

    def test_profiles_are_valid_and_freelancers_have_skills_and_languages(self):
        for profile in Profile.objects.filter(user__in=demo_users()).select_related("user"):
            profile.full_clean()
            if profile.user.role == User.Role.FREELANCER:
                assert 1 <= profile.skills.count() <= 6
                assert 1 <= profile.languages.count() <= 3
                assert profile.hourly_rate and profile.latitude and profile.hours_per_week
            elif profile.user.role == User.Role.CLIENT and profile.country == "SE":
                assert re.fullmatch(r"SE\d{10}01", profile.vat_number)

    def test_demo_logins_work_and_bulk_members_cannot_log_in(self, client, seeded):
        assert client.login(email=DEMO_FREELANCER.email, password=DEMO_PASSWORD)
        assert client.login(email=DEMO_CLIENT.email, password=DEMO_PASSWORD)
        assert client.login(email=DEMO_ADMIN.email, password=admin_password(seeded))
        assert "two-factor" in seeded
        bulk = User.objects.get(email=generate.freelancer_email(1))
        assert not bulk.has_usable_password()
        assert not client.login(email=bulk.email, password=DEMO_PASSWORD)

    def test_demo_admin_is_staff_superuser_with_the_admin_role(self):
        admin = User.objects.get(email=DEMO_ADMIN.email)
        assert (admin.is_staff, admin.is_superuser, admin.role) == (True, True, User.Role.ADMIN)
        assert not Profile.objects.for_public_display().filter(user=admin).exists()

    def test_demo_staff_are_in_their_groups_with_the_demo_password_and_must_set_up_totp(self, client, seeded):
        groups = {
            user.email: (user.is_staff, user.is_superuser, {group.name for group in user.groups.all()})
            for user in User.objects.filter(email__in=[staff.email for staff in DEMO_STAFF])
        }

        assert groups == {
            f"editor@{DEMO_DOMAIN}": (True, False, {"Editors"}),
            f"moderator@{DEMO_DOMAIN}": (True, False, {"Moderators", "Passport reviewers"}),
            f"support@{DEMO_DOMAIN}": (True, False, {"Support"}),
        }
        for staff in DEMO_STAFF:
            assert f"{staff.email} (staff: {', '.join(staff.groups)})" in seeded
            assert not Profile.objects.for_public_display().filter(user__email=staff.email).exists()
        assert "Staff set up two-factor authentication (TOTP) at their first visit" in seeded
        # The password works, and the admin then asks for TOTP before anything opens.
        assert client.login(email=DEMO_STAFF[0].email, password=DEMO_PASSWORD)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))



@pytest.mark.django_db
class TestRerunsAndSeeds:
    def test_quiet_prints_only_a_new_admins_password(self):
        first = seed(quiet=True)
        second = seed(quiet=True)

        assert admin_password(first)
        assert "freelancers" not in first
        assert second == ""

    def test_running_again_changes_nothing(self):
        seed()
        before = snapshot()

        output = seed()

        assert snapshot() == before
        assert "existed already" in output

    def test_a_bigger_run_adds_only_the_missing_members(self):
        seed(freelancers=10, clients=2)
        before = set(demo_users().values_list("pk", flat=True))

        seed(freelancers=25, clients=5)

        after = set(demo_users().values_list("pk", flat=True))
        assert before < after
        assert len(after) == 25 + 5 + len(NAMED_ACCOUNTS)
        emails = set(demo_users().values_list("email", flat=True))
        assert {generate.freelancer_email(n) for n in range(1, 26)} <= emails

    def test_same_seed_gives_the_same_members_on_a_fresh_database(self):
        seed(freelancers=20, clients=5)
        first = member_facts()

        demo_users().delete()
        seed(freelancers=20, clients=5)

        assert member_facts() == first

    def test_database_matches_the_pure_generator(self):
        seed(freelancers=20, clients=5)

        profiles = {p.user.email: p for p in Profile.objects.select_related("user").filter(user__in=demo_users())}
        for number in range(1, 21):
            spec = generate.freelancer(2026, number, today=TODAY)
            profile = profiles[spec.email]
            assert (profile.display_name, profile.city, profile.hourly_rate, profile.currency) == (
                spec.display_name, spec.city, spec.hourly_rate, spec.currency
            )
            assert profile.slug.startswith(spec.slug_base)
            assert sorted(profile.skills.values_list("skill__slug", flat=True)) == sorted(
                s.slug for s in spec.skills
            )

    def test_a_different_seed_gives_different_members(self):
        seed(freelancers=20, clients=5, seed=2026)
        first = {email: name for email, name, *_ in member_facts()}

        demo_users().delete()
        seed(freelancers=20, clients=5, seed=7)

        second = {email: name for email, name, *_ in member_facts()}
        generated = [generate.freelancer_email(n) for n in range(1, 21)]
        assert sum(first[email] != second[email] for email in generated) >= 15


def test_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())


class TestGenerator:
    def test_same_number_gives_the_same_member_whatever_the_run_size(self):
        assert generate.freelancer(2026, 17, today=TODAY) == generate.freelancer(2026, 17, today=TODAY)
        assert generate.client(2026, 3, today=TODAY) == generate.client(2026, 3, today=TODAY)
        assert generate.freelancer(2026, 17, today=TODAY) != generate.freelancer(2027, 17, today=TODAY)

    def test_about_five_percent_of_freelancers_are_hidden(self):
        specs = [generate.freelancer(2026, n, today=TODAY) for n in range(1, 2001)]

        hidden = sum(spec.visibility == Profile.Visibility.HIDDEN for spec in specs)
        assert 0.03 <= hidden / len(specs) <= 0.07

    def test_rates_are_realistic_and_in_the_local_currency(self):
        for number in range(1, 1001):
            spec = generate.freelancer(2026, number, today=TODAY)
            if spec.country == "SE":
                assert spec.currency == "SEK"
                assert 350_00 <= spec.hourly_rate <= 1200_00
            else:
                assert spec.currency == "EUR"
                assert 30_00 <= spec.hourly_rate <= 105_00

    def test_swedish_vat_numbers_carry_a_valid_organisation_number(self):
        for number in range(1, 200):
            spec = generate.client(2026, number, today=TODAY)
            if spec.country == "SE":
                organisation = spec.vat_number[2:12]
                assert generate.luhn_digit(organisation[:9]) == organisation[9]

    def test_slugs_keep_letters_that_slugify_would_drop(self):
        assert demo_slug("Łukasz Wójcik") == "lukasz-wojcik"
        assert demo_slug("Søren Møller") == "soren-moller"

    def test_colliding_slugs_get_the_members_own_suffix(self):
        slugs = SlugAllocator(["anna-berg"])

        assert slugs.allocate("anna-berg", "x7k2q9ab") == "anna-berg-x7k2"
        assert slugs.allocate("anna-berg", "x7k2q9ab") == "anna-berg-x7k2q"
        assert slugs.allocate("erik-lind", "abcd1234") == "erik-lind"
