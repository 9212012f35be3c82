"""The Swedish catalogue is complete and used (issue 21).

1. locale/sv/LC_MESSAGES/django.po, read with the project's own reader (core.catalogues, the
   compiler scripts/setup.sh runs): no untranslated and no fuzzy message, and every translation
   keeps its English's placeholders (%(name)s, %s, {name}).
2. No unmarked English on Swedish pages: every page kind of the access table (tests/access.py:
   public pages as a visitor whose browser asks for Swedish, members' pages as the booking's
   client and freelancer who chose Swedish, staff screens as a superuser who chose Swedish) and
   the editorial pages under /sv/ are rendered, their visible text and their title, aria-label,
   placeholder, alt and button values collected, and none may contain an English message of the
   catalogue that has a different Swedish translation (messages of at least 12 characters or two
   words; of a message with placeholders, its fixed parts of at least 12 characters and two
   words). Such a message on a Swedish page is a string not marked for translation, or marked
   and rendered outside the member's language.
3. The same over what is sent: the notifications a Swedish member got while the test's booking
   was requested, accepted, funded and started, as stored and as emailed.
4. The error pages (400, 403, the CSRF failure, 404, 429, 500, 503) and a form's errors (Valund's
   own messages and Django's) in Swedish, with none of the catalogue's English."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.defaults import permission_denied
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from marketplace.accounts.models import SkillCategory, User
from marketplace.core.catalogues import parse_po
from marketplace.core.ratelimit import too_many_requests
from marketplace.demo.page_tree import seed_pages
from marketplace.notifications.models import Notification
from marketplace.notifications.tasks import _title_and_link
from tests.access import ACCESS, GET, build
from tests.clients import as_user
from tests.marketplace.accounts.test_profile import valid_data as valid_profile

PO = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|%%|\{[A-Za-z_][A-Za-z0-9_]*\}")
TAG = re.compile(r"<[^>]+>")
# Kinds of page rendered for this test; the API answers JSON and token pages are tested alone.
PAGE_POLICIES = {"public", "login", "party", "staff"}
# English that may stay on a Swedish page, and why.
ALLOWED = {
}
# Pages left out, and why: the API's documentation (Swagger UI, ReDoc) is for developers and in
# English, as the API's own messages are; the pattern library's notes are developers' documentation
# (its examples use the catalogue's strings).
SKIPPED = ("/api/", "/styleguide/")
SWEDISH_DOCUMENT = re.compile(r"<html[^>]*\blang=\"sv\"")


def messages():
    return [message for message in parse_po(PO.read_text(encoding="utf-8"), str(PO)) if message.msgid]


# --- 1. The catalogue is complete ----------------------------------------------------------------


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [message.msgid for message in messages() if not message.translated]
    fuzzy = [message.msgid for message in messages() if message.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated messages in {PO}: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy messages in {PO} (check the translation, then drop the flag): {fuzzy[:20]}"


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_translation_keeps_its_placeholders():
    wrong = []
    for message in messages():
        if message.msgid_plural is None:
            if placeholders(message.msgstr[0]) != placeholders(message.msgid):
                wrong.append((message.msgid, message.msgstr[0]))
            continue
        # Plurals: the other forms as the English plural; the singular may write out "one"
        # (ett dokument) instead of the count, but adds nothing of its own.
        english = set(placeholders(message.msgid) + placeholders(message.msgid_plural))
        for index, text in message.msgstr.items():
            if index and placeholders(text) != placeholders(message.msgid_plural):
                wrong.append((message.msgid_plural, text))
            elif not set(placeholders(text)) <= english:
                wrong.append((message.msgid, text))
    assert not wrong, f"Translations whose placeholders differ from their English: {wrong}"


# --- 2. No English on Swedish pages --------------------------------------------------------------


def qualifies(text: str, *, whole: bool) -> bool:
    words = len(text.split())
    return (len(text) >= 12 and words >= 2) if not whole else (len(text) >= 12 or words >= 2)


def english_needles() -> dict[str, str]:
    """Fixed English text to look for: the needle -> the message it comes from."""
    needles = {}
    for message in messages():
        if not message.translated or message.fuzzy:
            continue
        pairs = [(message.msgid, message.msgstr[0])]
        if message.msgid_plural is not None:
            pairs.append((message.msgid_plural, message.msgstr.get(1, "")))
        for english, swedish in pairs:
            if " ".join(english.split()) == " ".join(swedish.split()):
                continue
            has_placeholders = bool(PLACEHOLDER.search(english))
            for part in PLACEHOLDER.split(TAG.sub(" ", english)):
                part = " ".join(part.split()).strip(" .,:;·–—()“”\"'")
                if part and qualifies(part, whole=not has_placeholders) and part not in swedish:
                    needles[part] = english
    return needles


class VisibleText(HTMLParser):
    """What a reader sees or hears: text outside script/style/template and the attributes that
    are read out or shown."""

    HIDDEN = {"script", "style", "template"}
    READ = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
        self.parts += [value for name, value in attrs.items() if name in self.READ and value]
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_in(text: str, needles: dict[str, str]) -> list[str]:
    found = []
    for needle in needles:
        if needle in text and needle not in ALLOWED:
            pattern = ((r"\b" if needle[0].isalnum() else "") + re.escape(needle)
                       + (r"\b" if needle[-1].isalnum() else ""))
            if re.search(pattern, text):
                found.append(needle)
    # A message found inside a longer one found is the same English.
    return sorted(needle for needle in found if not any(needle != other and needle in other for other in found))


def swedish(*users):
    for user in users:
        User.objects.filter(pk=user.pk).update(language="sv")
        user.refresh_from_db()


@pytest.fixture
def freelancer(freelancer):
    swedish(freelancer)
    return freelancer


@pytest.fixture
def client_user(client_user):
    swedish(client_user)
    return client_user


def pages_in_swedish(world, page_tree):
    """(who, url, client) for every page kind to render."""
    swedish(world["staff"], world["stranger"])
    profile = UserProfile.get_for_user(world["staff"])
    profile.preferred_language = "sv"
    profile.save()
    visitor = Client(HTTP_ACCEPT_LANGUAGE="sv")
    parties = {"client": as_user(world["client"]), "freelancer": as_user(world["freelancer"])}
    staff = as_user(world["staff"])
    with translation.override("sv"):
        for name, (policy, method, kwargs) in sorted(ACCESS.items()):
            if method != GET or policy not in PAGE_POLICIES:
                continue
            url = build(name, kwargs, world)
            if url.startswith(SKIPPED):
                continue
            if policy == "public":
                yield "visitor", url, visitor
            elif policy == "staff":
                yield "staff", url, staff
            else:
                yield from ((who, url, browser) for who, browser in parties.items())
        for page in page_tree.values():
            yield "visitor", "/sv" + page.url if not page.url.startswith("/sv/") else page.url, visitor


@pytest.mark.django_db
def test_no_english_message_on_a_swedish_page(world, page_tree):
    needles = english_needles()
    assert len(needles) > 1000  # the catalogue was read
    findings, rendered = {}, 0
    for who, url, browser in pages_in_swedish(world, page_tree):
        response = browser.get(url, HTTP_ACCEPT_LANGUAGE="sv")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if "<html" in html[:1000] and not SWEDISH_DOCUMENT.search(html[:1000]):
            findings[f"{who} {url}"] = ["<not served in Swedish>"]
            continue
        rendered += 1
        english = english_in(visible_text(html), needles)
        if english:
            findings[f"{who} {url}"] = english
    report = "\n".join(f"{page}: {strings}" for page, strings in sorted(findings.items()))
    assert rendered > 40, f"only {rendered} pages rendered in Swedish"
    assert not findings, f"English on Swedish pages (mark the string, or translate it):\n{report}"


@pytest.mark.django_db
def test_no_english_message_on_the_swedish_editorial_tree(world, make_page_tree):
    """The Swedish tree as the demo writes it (each page the Translate action's copy, with the
    Swedish text of demo/site_content_sv.py): home with every block, about, how it works, terms,
    the directory, its searches and a profile under it, all under /sv/."""
    freelancer = world["freelancer"]
    category = SkillCategory.objects.create(name="Welding and metalwork", name_sv="Svetsning och metall",
                                            slug="welding-and-metalwork")
    tree = make_page_tree(categories=[category], featured=[freelancer.profile])
    seed_pages(featured_emails=lambda: [freelancer.email])
    swedish = Locale.objects.get(language_code="sv")
    pages = list(Page.objects.live().filter(locale=swedish, depth__gte=2).specific())
    assert {page.slug for page in pages if page.depth > 2} >= {"about", "how-it-works", "terms", "freelancers"}
    assert tree["home"].get_translation(swedish).live
    directory = next(page for page in pages if page.slug == "freelancers")
    urls = [page.url for page in pages] + [
        f"{directory.url}?q=svetsare", f"{directory.url}{freelancer.profile.slug}/",
    ]
    needles = english_needles()
    visitor = Client(HTTP_ACCEPT_LANGUAGE="sv")
    findings = {}
    for url in urls:
        assert url.startswith("/sv/"), url
        response = visitor.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SWEDISH_DOCUMENT.search(html[:1000]), url
        english = english_in(visible_text(html), needles)
        if english:
            findings[url] = english
    report = "\n".join(f"{url}: {strings}" for url, strings in sorted(findings.items()))
    assert not findings, f"English on the Swedish tree's pages (mark the string, or translate it):\n{report}"


# --- 3. What a Swedish member is sent ----------------------------------------------------------------


@pytest.mark.django_db
def test_no_english_message_in_what_a_swedish_member_is_sent(world):
    needles = english_needles()
    sent = Notification.objects.filter(recipient__in=[world["client"], world["freelancer"]])
    assert sent.count() >= 3  # requested, accepted, funded, started…
    findings = {}
    for notification in sent:
        subject, body = _title_and_link(notification, "https://valund.example")
        texts = [notification.title, notification.body, subject, body,
                 notification.email_subject or "", notification.email_body or ""]
        english = english_in(" ".join(" ".join(texts).split()), needles)
        if english:
            findings[f"{notification.kind} to {notification.recipient.email}"] = english
    assert not findings, f"English in what Swedish members were sent: {findings}"


# --- 4. Error pages and a form's errors --------------------------------------------------------------


def swedish_and_no_english(html: str) -> list[str]:
    assert SWEDISH_DOCUMENT.search(html[:1000]), html[:1000]
    return english_in(visible_text(html), english_needles())


@pytest.mark.parametrize("template", ["400.html", "403_csrf.html", "500.html", "503.html"])
def test_the_error_pages_without_a_request_are_swedish(template):
    """Rendered as Django's handlers and core.unavailable render them: no request, no context."""
    with translation.override("sv"):
        html = render_to_string(template)
        front_page = gettext("Go to the front page")
    assert front_page != "Go to the front page" and front_page in html
    assert not swedish_and_no_english(html)


@pytest.mark.django_db
def test_the_error_pages_of_the_site_are_swedish(page_tree):
    request = RequestFactory().get("/sv/")
    request.user = AnonymousUser()
    with translation.override("sv"):
        forbidden = permission_denied(request, PermissionDenied()).content.decode()
        too_many = too_many_requests(request, retry_after=30).content.decode()
    not_found = Client(HTTP_ACCEPT_LANGUAGE="sv").get("/sv/no-such-page/")
    assert not_found.status_code == 404
    findings = {name: swedish_and_no_english(html) for name, html in
                [("403", forbidden), ("429", too_many), ("404", not_found.content.decode())]}
    assert not any(findings.values()), findings


@pytest.mark.django_db
def test_a_form_s_errors_are_swedish(freelancer):
    """Valund's own messages (a rate that is not a number, a missing name) and Django's (a whole
    number), on the profile form of a freelancer who reads Swedish."""
    response = as_user(freelancer).post(reverse("accounts:profile_edit"), valid_profile(
        hourly_rate="sexhundra", display_name="", years_experience="femton"))
    assert response.status_code == 200
    html = response.content.decode()
    english = ["Enter the rate as a number, such as 650 or 650.50.", "Enter the name shown on your profile.",
               "Enter a whole number."]
    with translation.override("sv"):
        errors = [gettext(message) for message in english]
    for message, error in zip(english, errors, strict=True):
        assert error != message and error in html, message
    assert not swedish_and_no_english(html)
