"""The relevance data set (people in population.py) written through the services real members
go through (signup, profile, skills, passport upload and review), then indexed with the
search's index rebuild()."""

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from marketplace.accounts import services as accounts_services
from marketplace.accounts.models import Language, Profile, Skill, User
from marketplace.passport import services as passport_services
from marketplace.passport.models import CompetenceReview, CompetenceTemplate
from marketplace.search.services import index as search_index

from ..passport import demo_pdf
from ..seed import seed_competence_templates, seed_languages, seed_taxonomy
from .person import DOMAIN, Person
from .population import people

__all__ = ["Built", "Person", "build", "people"]


@dataclass
class Built:
    """What build() wrote: profile ids by person number."""

    profile_ids: dict[int, int] = field(default_factory=dict)

    def number_of(self) -> dict[int, int]:
        return {profile_id: number for number, profile_id in self.profile_ids.items()}


REVIEW_CHECKS = [check.value for check in CompetenceReview.Check]


def build(*, today: datetime.date | None = None, population: list[Person] | None = None) -> Built:
    """Write the data set into the database (the taxonomy and document types first, as
    seed_demo does), rebuild the search index and set the ratings. Returns the profile ids.
    One transaction: the receivers' index writes wait for its end, and rebuild() writes
    every entry anyway."""
    today = today or timezone.localdate()
    population = people() if population is None else population
    with transaction.atomic():
        skill_ids, _categories, _skills_created = seed_taxonomy()
        seed_competence_templates(skill_ids)
        language_ids, _languages = seed_languages()
        skills = Skill.objects.in_bulk(list(skill_ids.values()))
        templates = CompetenceTemplate.objects.prefetch_related("skills").in_bulk(field_name="name")
        languages = Language.objects.in_bulk(list(language_ids.values()))
        reviewer = _reviewer()
        built = Built()
        for person in population:
            built.profile_ids[person.number] = _write(
                person, today=today, skills={skills[pk].slug: skills[pk] for pk in skills},
                templates=templates, languages={languages[pk].code: languages[pk] for pk in languages},
                reviewer=reviewer,
            )
        _client()
        search_index.rebuild()
        for person in population:
            if person.rating is not None:
                average, count = person.rating
                search_index.entry_set_rating(profile_id=built.profile_ids[person.number], average=average,
                                              count=count)
    return built


def _reviewer() -> User:
    reviewer = User.objects.create_superuser(email=f"reviewer@{DOMAIN}", password=None)
    # The data set is written by an operator on the server: no session to prove a factor to.
    reviewer.second_factor_verified = True
    return reviewer


def _client() -> None:
    """A client company whose name and headline say welder and Göteborg: clients are never shown."""
    user = User.objects.create_user(email=f"client@{DOMAIN}", password=None)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    name = "Göteborgs Svets AB"
    profile = accounts_services.member_complete_signup(user=user, role=User.Role.CLIENT, display_name=name,
                                                       company_name=name)
    accounts_services.profile_update(actor=user, profile=profile, data={
        "headline": "Welders and welding in Göteborg", "place": "Göteborg",
    })


def _write(person: Person, *, today, skills, templates, languages, reviewer) -> int:
    user = User.objects.create_user(email=person.email, password=None, first_name=person.first,
                                    last_name=person.last)
    EmailAddress.objects.create(user=user, email=person.email, primary=True, verified=person.email_verified)
    profile = accounts_services.member_complete_signup(user=user, role=User.Role.FREELANCER,
                                                       display_name=person.display_name)
    user = User.objects.get(pk=user.pk)
    available = person.available_in_days
    profile = accounts_services.profile_update(actor=user, profile=profile, data={
        "headline": person.headline, "bio": person.bio, "place": person.city, "years_experience": person.years,
        "hourly_rate": person.hourly_rate, "currency": person.currency,
        "availability": (Profile.Availability.NOT_AVAILABLE if available is None
                         else Profile.Availability.AVAILABLE_NOW if available == 0
                         else Profile.Availability.AVAILABLE_FROM),
        "available_from": today + datetime.timedelta(days=available) if available else None,
        "visibility": person.visibility,
    }, languages=[languages[code] for code in person.languages])
    # Spread around the city as seed.py spreads its members, which a member choosing a place cannot.
    profile.latitude, profile.longitude = person.latitude, person.longitude
    profile.save(update_fields=["latitude", "longitude", "updated_at"])
    for held in person.skills:
        accounts_services.skill_add(actor=user, profile=profile, skill=skills[held.slug], level=held.level,
                                    years=held.years)
    for name in (*person.documents, *person.pending):
        template = templates[name]
        issued = today - datetime.timedelta(days=30 + person.number % 300)
        months = template.default_validity_months
        document = passport_services.document_upload(
            owner=user, upload=ContentFile(demo_pdf(name, person.display_name), name="document.pdf"), title=name,
            issuer=template.issuer_list[0], issue_date=issued, template=template,
            expiry_date=issued + datetime.timedelta(days=months * 30) if months else None,
            skills=[skill for skill in template.skills.all() if skill.slug in person.skill_slugs],
        )
        if name in person.documents:
            passport_services.review_start(reviewer=reviewer, document=document)
            passport_services.review_decide(reviewer=reviewer, document=document,
                                            decision=CompetenceReview.Decision.APPROVED, checks=REVIEW_CHECKS)
    return profile.pk
