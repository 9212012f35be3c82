"""The demo's guides: an article index under each language's home page with two short guides,
the Swedish ones translations of the English (the copy the admin's Translate action makes, with
the same slugs, as the demo's other pages), written for Swedish readers. Each guide uses the
article body's blocks: text, a quote, a table and a call to action to the freelancer directory,
chosen as a page so the link follows it. Guides that exist are left as editors made them."""

import datetime
import uuid

from django.utils import timezone
from wagtail.models import Locale, Page

from pages.models import ArticleIndexPage, ArticlePage, FreelancerDirectoryPage, HomePage

INDEX = {
    "en": {"title": "Guides", "slug": "guides",
           "introduction": "Short guides to hiring and working as a freelancer through Valund."},
    "sv": {"title": "Guider",
           "introduction": "Korta guider om att anlita frilansare och att arbeta som frilansare via Valund."},
}

GUIDES = [
    {
        "slug": "hiring-a-certified-welder",
        "days_ago": 12,
        "authors": "Anna Berg",
        "en": {
            "title": "Hiring a certified welder",
            "introduction": "What to check before a welder starts on your site, and how Valund shows it.",
            "text": "<h2>Papers first</h2><p>Welding on a building site is hot work: the welder needs a valid "
                    "<b>hot work certificate</b>, and structural welds need a welding certificate for the method. "
                    "On Valund both show in the freelancer's passport with issuer and expiry date.</p>"
                    "<ul><li>Search for the skill and tick <i>Verified only</i>.</li>"
                    "<li>Open the profile and read the passport.</li><li>Book the hours you need.</li></ul>",
            "quote": "We found a certified welder for the bridge repair in two days.",
            "attribution": "Anna Berg, site manager",
            "table": {"caption": "What to ask for", "rows": [
                ["Work", "Certificate"], ["Hot work", "Hot work certificate (Heta arbeten)"],
                ["Structural welding", "Welding certificate, EN ISO 9606"],
            ]},
            "cta": {"heading": "Find a welder", "text": "Verified welders, ready to book.", "label": "Search"},
        },
        "sv": {
            "title": "Så anlitar du en certifierad svetsare",
            "introduction": "Det här ska du kontrollera innan en svetsare börjar på din arbetsplats, och så visar "
                            "Valund det.",
            "text": "<h2>Papperen först</h2><p>Svetsning på en byggarbetsplats är heta arbeten: svetsaren behöver "
                    "ett giltigt <b>certifikat för heta arbeten</b>, och bärande svetsar kräver svetscertifikat för "
                    "metoden. På Valund syns båda i frilansarens kompetenspass med utfärdare och giltighetstid.</p>"
                    "<ul><li>Sök på kompetensen och kryssa i <i>Endast verifierade</i>.</li>"
                    "<li>Öppna profilen och läs kompetenspasset.</li><li>Boka de timmar du behöver.</li></ul>",
            "quote": "Vi hittade en certifierad svetsare till brolagningen på två dagar.",
            "attribution": "Anna Berg, platschef",
            "table": {"caption": "Det här ska du fråga efter", "rows": [
                ["Arbete", "Intyg"], ["Heta arbeten", "Certifikat för heta arbeten"],
                ["Bärande svetsning", "Svetscertifikat, SS-EN ISO 9606"],
            ]},
            "cta": {"heading": "Hitta en svetsare", "text": "Verifierade svetsare, redo att bokas.", "label": "Sök"},
        },
    },
    {
        "slug": "your-first-booking-as-a-freelancer",
        "days_ago": 40,
        "authors": "Jonas Ek",
        "en": {
            "title": "Your first booking as a freelancer",
            "introduction": "From the request to the money in your account, step by step.",
            "text": "<h2>From request to payout</h2><p>A client asks for your hours; you accept or decline. Once "
                    "the client has paid into escrow, you work and <b>report your time</b>. When the client "
                    "approves the time log, the money is released to you.</p>",
            "quote": "The deposit made it easy to say yes to a client I had never met.",
            "attribution": "Jonas Ek, electrician",
            "table": {"caption": "The steps", "rows": [
                ["Step", "Who"], ["Request the hours", "Client"], ["Accept", "You"],
                ["Pay into escrow", "Client"], ["Report time", "You"], ["Approve and release", "Client"],
            ]},
            "cta": {"heading": "See who else is on Valund", "text": "Browse the freelancers in your trade.",
                    "label": "Browse freelancers"},
        },
        "sv": {
            "title": "Ditt första uppdrag som frilansare",
            "introduction": "Från förfrågan till pengarna på ditt konto, steg för steg.",
            "text": "<h2>Från förfrågan till utbetalning</h2><p>En kund frågar efter dina timmar och du tackar ja "
                    "eller nej. När kunden har betalat depositionen utför du uppdraget och <b>rapporterar din "
                    "tid</b>. När kunden godkänner tidrapporten betalas pengarna ut till dig.</p>",
            "quote": "Depositionen gjorde det lätt att tacka ja till en kund jag aldrig hade träffat.",
            "attribution": "Jonas Ek, elektriker",
            "table": {"caption": "Stegen", "rows": [
                ["Steg", "Vem"], ["Frågar efter timmar", "Kunden"], ["Tackar ja", "Du"],
                ["Betalar depositionen", "Kunden"], ["Rapporterar tid", "Du"], ["Godkänner och betalar ut", "Kunden"],
            ]},
            "cta": {"heading": "Se vilka fler som finns på Valund", "text": "Bläddra bland frilansarna i din bransch.",
                    "label": "Visa frilansare"},
        },
    },
]


def _block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def guide_body(text: dict, directory: Page | None) -> list[dict]:
    table = text["table"]
    body = [
        _block("rich_text", text["text"]),
        _block("quote", {"quote": text["quote"], "attribution": text["attribution"]}),
        _block("table", {"first_row_is_table_header": True, "first_col_is_header": False,
                         "table_caption": table["caption"], "data": table["rows"]}),
    ]
    if directory is not None:
        body.append(_block("call_to_action", {**text["cta"], "page": directory.pk, "url": ""}))
    return body


def _directory(locale: Locale) -> Page | None:
    return FreelancerDirectoryPage.objects.filter(locale=locale).first()


def seed_guides(home: HomePage) -> list[str]:
    """The English index and guides under `home`, then their Swedish translations under the
    Swedish home page (when there is one). Returns the titles created."""
    created = []
    english = home.locale
    index = ArticleIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ArticleIndexPage(**INDEX["en"], locale=english))
        index.save_revision().publish()
        created.append(index.title)
    directory = _directory(english)
    today = timezone.localdate()
    for guide in GUIDES:
        if ArticlePage.objects.child_of(index).filter(slug=guide["slug"]).exists():
            continue
        text = guide["en"]
        article = index.add_child(instance=ArticlePage(
            title=text["title"], slug=guide["slug"], date=today - datetime.timedelta(days=guide["days_ago"]),
            authors=guide["authors"], introduction=text["introduction"], body=guide_body(text, directory),
            locale=english,
        ))
        article.save_revision().publish()
        created.append(article.title)
    created += _seed_swedish_guides(home, index)
    return created


def _seed_swedish_guides(home: HomePage, index: ArticleIndexPage) -> list[str]:
    created = []
    swedish = Locale.objects.filter(language_code="sv").first()
    if swedish is None or home.locale_id == swedish.pk or home.get_translation_or_none(swedish) is None:
        return created
    swedish_index = index.get_translation_or_none(swedish)
    if swedish_index is None:
        swedish_index = index.copy_for_translation(swedish)
        for name, value in INDEX["sv"].items():
            setattr(swedish_index, name, value)
        swedish_index.save_revision().publish()
        created.append(f"{swedish_index.title} (sv)")
    directory = _directory(swedish)
    for guide in GUIDES:
        article = ArticlePage.objects.child_of(index).filter(slug=guide["slug"]).first()
        if article is None or article.get_translation_or_none(swedish) is not None:
            continue
        text = guide["sv"]
        translated = article.copy_for_translation(swedish)
        translated.title, translated.introduction = text["title"], text["introduction"]
        translated.body = guide_body(text, directory)
        translated.save_revision().publish()
        created.append(f"{translated.title} (sv)")
    return created
