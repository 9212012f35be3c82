"""What search engines and link previews read about a public profile: the meta description
and the schema.org Person. Built as plain data here; templates only serialise it."""

from django.conf import settings
from django.utils.text import Truncator

from marketplace.passport.qr import verification_url

META_DESCRIPTION_LENGTH = 160


def canonical_url(page, request=None) -> str:
    """The page's address on the site's public origin (settings.SITE_URL), whatever host the
    request came in on or the Site record names (a demo's says localhost); the path is
    Wagtail's, language prefix included. "" for a page that is not routable. Without the
    request: matching it to a Site would cost a query, and the origin is SITE_URL's anyway."""
    parts = page.get_url_parts()
    return f"{settings.SITE_URL}{parts[2]}" if parts else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


def profile_meta_description(profile) -> str:
    parts = [_squash(profile.headline), _squash(profile.local_bio)]
    text = " – ".join(part for part in parts if part) or profile.display_name
    return Truncator(text).chars(META_DESCRIPTION_LENGTH)


def person_schema(profile, *, url: str, image_url: str = "", credentials=()) -> dict:
    """schema.org Person for a public profile. Only what the page itself shows; `credentials`
    are the documents in force that the page lists as verified."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": profile.display_name,
        "url": url,
    }
    if profile.headline:
        data["jobTitle"] = profile.headline
    if profile.local_bio:
        data["description"] = profile.local_bio
    if image_url:
        data["image"] = image_url
    if profile.city or profile.country:
        address = {"@type": "PostalAddress"}
        if profile.city:
            address["addressLocality"] = profile.city
        if profile.country:
            address["addressCountry"] = profile.country
        data["address"] = address
    skills = [user_skill.skill.local_name for user_skill in profile.skills.all()]
    if skills:
        data["knowsAbout"] = skills
    if credentials:
        data["hasCredential"] = [_credential(document) for document in credentials]
    return data


def _credential(document) -> dict:
    data = {
        "@type": "EducationalOccupationalCredential",
        "name": document.type_name,
        "recognizedBy": {"@type": "Organization", "name": document.issuer},
        "url": verification_url(document.verification_code),
    }
    if document.expiry_date:
        data["expires"] = document.expiry_date.isoformat()
    return data
