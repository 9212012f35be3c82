"""The demo's contact page: a form page (pages/form_page.py) under each language's home page,
for questions and partner enquiries, mailed to support (SUPPORT_EMAIL). The Swedish page is the
English one's translation (same translation_key, in the Swedish tree) with Swedish labels; its
fields keep the English page's internal names, so both pages' submissions read alike. Pages that
exist are left as editors made them."""

from django.conf import settings
from wagtail.models import Locale

from pages.models import FormField, FormPage, HomePage

CONTACT = {
    "en": {
        "title": "Contact us", "slug": "contact",
        "intro": "<p>Questions about Valund, or interested in working with us as a partner (a training "
                 "provider, a certificate issuer, a staffing company)? Write to us: we answer within one "
                 "working day.</p>",
        "submit_label": "Send message",
        "thank_you_text": "<p>Thank you for writing. We have your message and will answer within one working "
                          "day, at the address you gave.</p>",
        "subject": "Valund contact form",
        "fields": [
            ("Your name", "singleline", True, "", ""),
            ("Your email address", "email", True, "", "We answer here."),
            ("What is it about?", "dropdown", True,
             "A question about Valund\nBecoming a partner\nPress\nSomething else", ""),
            ("Company or organisation", "singleline", False, "", ""),
            ("Your message", "multiline", True, "", ""),
        ],
    },
    "sv": {
        "title": "Kontakta oss", "slug": "contact",
        "intro": "<p>Frågor om Valund, eller vill ni samarbeta med oss som partner (utbildare, utfärdare av "
                 "intyg, bemanningsföretag)? Skriv till oss: vi svarar inom en arbetsdag.</p>",
        "submit_label": "Skicka meddelandet",
        "thank_you_text": "<p>Tack för att du skrev. Vi har fått ditt meddelande och svarar inom en arbetsdag, "
                          "till adressen du angav.</p>",
        "subject": "Kontaktformulär på Valund",
        "fields": [
            ("Ditt namn", "singleline", True, "", ""),
            ("Din e-postadress", "email", True, "", "Hit svarar vi."),
            ("Vad gäller det?", "dropdown", True,
             "En fråga om Valund\nAtt bli partner\nPress\nNågot annat", ""),
            ("Företag eller organisation", "singleline", False, "", ""),
            ("Ditt meddelande", "multiline", True, "", ""),
        ],
    },
}


def _page(content: dict, **extra) -> FormPage:
    return FormPage(
        title=content["title"], slug=content["slug"], intro=content["intro"],
        submit_label=content["submit_label"], thank_you_text=content["thank_you_text"],
        to_address=settings.SUPPORT_EMAIL, subject=content["subject"], **extra,
    )


def seed_contact_pages(home: HomePage) -> list[str]:
    """The English contact page under `home`, then its Swedish translation under the Swedish home
    page (when there is one). Returns the titles created."""
    created = []
    english = CONTACT["en"]
    page = FormPage.objects.child_of(home).first()
    if page is None:
        page = home.add_child(instance=_page(english, locale=home.locale, form_fields=[
            FormField(sort_order=order, label=label, field_type=kind, required=required, choices=choices,
                      help_text=help_text)
            for order, (label, kind, required, choices, help_text) in enumerate(english["fields"])
        ]))
        page.save_revision().publish()
        created.append(page.title)
    swedish = Locale.objects.filter(language_code="sv").first()
    swedish_home = home.get_translation_or_none(swedish) if swedish and swedish.pk != home.locale_id else None
    if swedish_home is None or page.get_translation_or_none(swedish) is not None:
        return created
    content = CONTACT["sv"]
    translated = swedish_home.add_child(instance=_page(
        content, locale=swedish, translation_key=page.translation_key, form_fields=[
            FormField(sort_order=field.sort_order, clean_name=field.clean_name, label=label, field_type=kind,
                      required=required, choices=choices, help_text=help_text)
            for field, (label, kind, required, choices, help_text) in zip(
                page.form_fields.order_by("sort_order"), content["fields"], strict=True
            )
        ],
    ))
    translated.save_revision().publish()
    created.append(f"{translated.title} (sv)")
    return created
