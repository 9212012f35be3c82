"""Writes the demo data: taxonomy, languages, members in bulk, and the Wagtail page tree (page_tree.py).

Idempotent: taxonomy, languages and pages are created only when missing, and a member is
written only if their email address is not in the database yet; nothing is deleted, and the
only update gives existing skills, trades and document types the demo's Swedish names and
synonyms they lack (an editor's own stay). Members go in with bulk_create, a batch per
transaction: user ids (UUIDs) are made in Python and profile ids come back from the insert,
so skills and languages link up without reading anything back. bulk_create sends no signals,
so the accounts receiver that gives new users a profile stays out of the way (the profile is
written here), and Wagtail's search index does not hear of the new profiles: `manage.py
update_index` indexes them if needed.
The marketplace's own search index is rebuilt at the end of every run.

Document types for the competence passport are created like the taxonomy, when missing. The
passport documents of the demo freelancer and of the generated freelancers who hold some
(passport.freelancer_documents: about half of them, the first DOCUMENTED_FREELANCERS only) are
written only on request (`documents=True`), through the passport's services as a member and a
reviewer would: a document and its audit trail are permanent, so once it exists its owner and
reviewer can no longer be deleted.
"""

import secrets
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import batched

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from marketplace.accounts.models import Language, Profile, Skill, SkillCategory, User, UserSkill
from marketplace.core import dates
from marketplace.core.pagecache import batched_purges
from marketplace.passport import services as passport_services
from marketplace.passport.models import CompetenceDocument, CompetenceReview, CompetenceTemplate
from marketplace.ratings.models import RatingStatistics
from marketplace.search import services as search_services

from .bookings import seed_demo_bookings, seed_demo_reviews
from .generate import DEMO_DOMAIN, MemberSpec, client, client_email, freelancer, freelancer_email
from .logins import DEMO_ADMIN, DEMO_PASSWORD, NAMED_ACCOUNTS, featured_freelancers
from .page_tree import seed_pages
from .passport import (
    DEMO_DOCUMENTS_OWNER,
    DEMO_FREELANCER_DOCUMENTS,
    DemoDocument,
    demo_pdf,
    document_dates,
    freelancer_documents,
    template_specs,
)
from .people import LANGUAGES
from .taxonomy import CATEGORIES
from .vocabulary.descriptions import SKILL_DESCRIPTIONS_SV
from .vocabulary.terms import CATEGORY_DESCRIPTIONS_SV

BATCH_SIZE = 2000
# Documents go through the passport's services one by one (upload, review, audit), so only the
# first freelancers of a big run get theirs: a benchmark's 100,000 would take hours.
DOCUMENTED_FREELANCERS = 1000

Progress = Callable[[str, int, int, float], None]


@dataclass
class SeedResult:
    categories_created: int = 0
    skills_created: int = 0
    languages_created: int = 0
    templates_created: int = 0
    documents_created: int = 0
    bookings_created: int = 0
    reviews_created: int = 0  # reviews of generated freelancers, after completed bookings
    created: dict[str, int] = field(default_factory=dict)  # "freelancers" / "clients" -> new members
    pages_created: list[str] = field(default_factory=list)
    admin_password: str | None = None  # only when this run created the admin
    elapsed: float = 0.0


class SlugAllocator:
    """Hands out profile slugs: the name's slug if free, else with the member's own suffix."""

    def __init__(self, taken: Iterable[str]):
        self.taken = set(taken)

    def allocate(self, base: str, suffix: str) -> str:
        base = base[:120] or "member"
        candidate = base
        length = 4
        while candidate in self.taken:
            # The suffix comes from the member's seed, so reruns hand out the same slugs; it only
            # grows in the rare case that its short form is taken too.
            if length <= len(suffix):
                candidate = f"{base}-{suffix[:length]}"
                length += 1
            else:
                candidate = f"{base}-{secrets.token_hex(4)}"
        self.taken.add(candidate)
        return candidate


def _complete_vocabulary(entry, name_sv: str, synonyms, description_sv: str = "") -> bool:
    """Give an existing skill, trade or document type the demo's Swedish name and description
    if it has none, and the demo's synonyms it lacks; an editor's own words stay. True when
    anything changed."""
    changed = False
    if not entry.name_sv and name_sv:
        entry.name_sv, changed = name_sv, True
    if not entry.description_sv and description_sv:
        entry.description_sv, changed = description_sv, True
    for synonym in synonyms:
        changed = entry.add_synonym(synonym) or changed
    return changed


def _write_vocabulary(model, entries) -> None:
    # An UPDATE without signals: the search index is rebuilt at the end of the run, and a
    # task per entry would re-index the same holders again.
    for entry in entries:
        model.objects.filter(pk=entry.pk).update(
            name_sv=entry.name_sv, description_sv=entry.description_sv, synonyms=entry.synonyms
        )


@transaction.atomic
def seed_taxonomy() -> tuple[dict[str, int], int, int]:
    """Skill ids by slug, plus how many categories and skills were created. Existing ones get
    the demo's Swedish names and synonyms they lack (_complete_vocabulary)."""
    categories_created = skills_created = 0
    skill_ids = {}
    completed = {SkillCategory: [], Skill: []}
    for order, data in enumerate(CATEGORIES, start=1):
        category, created = SkillCategory.objects.get_or_create(slug=data.slug, defaults={
            "name": data.name, "name_sv": data.name_sv, "synonyms": "\n".join(data.synonyms),
            "description": data.description, "description_sv": CATEGORY_DESCRIPTIONS_SV.get(data.slug, ""),
            "sort_order": order,
        })
        categories_created += created
        if not created and _complete_vocabulary(category, data.name_sv, data.synonyms,
                                                CATEGORY_DESCRIPTIONS_SV.get(data.slug, "")):
            completed[SkillCategory].append(category)
        existing = {skill.slug: skill for skill in Skill.objects.filter(slug__in=[s.slug for s in data.skills])}
        for skill in data.skills:
            if skill.slug not in existing:
                existing[skill.slug] = Skill.objects.create(
                    slug=skill.slug, name=skill.name, name_sv=skill.name_sv, synonyms="\n".join(skill.synonyms),
                    category=category, description=skill.description,
                    description_sv=SKILL_DESCRIPTIONS_SV.get(skill.slug, ""),
                )
                skills_created += 1
            elif _complete_vocabulary(existing[skill.slug], skill.name_sv, skill.synonyms,
                                      SKILL_DESCRIPTIONS_SV.get(skill.slug, "")):
                completed[Skill].append(existing[skill.slug])
        skill_ids.update({slug: skill.pk for slug, skill in existing.items()})
    for model, entries in completed.items():
        _write_vocabulary(model, entries)
    return skill_ids, categories_created, skills_created


@transaction.atomic
def seed_competence_templates(skill_ids: dict[str, int]) -> int:
    """Create the passport's document types that are missing; returns how many. A type whose
    slug or name exists is left as editors made it, but for the demo's Swedish name and
    synonyms it lacks."""
    existing = {}
    for template in CompetenceTemplate.objects.all():
        existing[template.slug] = existing[template.name] = template
    created = 0
    completed = []
    for spec in template_specs():
        template = existing.get(spec.slug) or existing.get(spec.name)
        if template is not None:
            if _complete_vocabulary(template, spec.name_sv, spec.synonyms, spec.description_sv):
                completed.append(template)
            continue
        template = CompetenceTemplate.objects.create(
            name=spec.name, name_sv=spec.name_sv, synonyms="\n".join(spec.synonyms), slug=spec.slug,
            description=spec.description, description_sv=spec.description_sv,
            issuing_bodies="\n".join(spec.issuing_bodies),
            expiry_required=spec.valid_years is not None, default_validity_months=spec.default_validity_months,
        )
        template.skills.set([skill_ids[slug] for slug in spec.skills if slug in skill_ids])
        created += 1
    _write_vocabulary(CompetenceTemplate, completed)
    return created


# Every check a reviewer can tick, the public register included.
DEMO_REVIEW_CHECKS = [check.value for check in CompetenceReview.Check]


def seed_demo_documents(*, today: date, seed: int = 2026, freelancers: int = 0) -> int:
    """Approved passport documents for the demo freelancer and for the generated freelancers
    who hold some (the first DOCUMENTED_FREELANCERS), uploaded as their owners and approved by
    the demo admin through the passport's services; one per document type the owner lacks.
    Returns how many were created."""
    reviewer = User.objects.filter(email=DEMO_ADMIN.email).first()
    if reviewer is None:
        return 0
    # The operator runs seed_demo on the server: no session, so nothing to prove a factor to.
    reviewer.second_factor_verified = True
    wanted = {DEMO_DOCUMENTS_OWNER.email: DEMO_FREELANCER_DOCUMENTS}
    for number in range(1, min(freelancers, DOCUMENTED_FREELANCERS) + 1):
        documents = freelancer_documents(seed, number, freelancer(seed, number, today=today))
        if documents:
            wanted[freelancer_email(number)] = documents
    templates = CompetenceTemplate.objects.prefetch_related("skills").in_bulk(field_name="name")
    owners = User.objects.filter(email__in=wanted).select_related("profile").prefetch_related("profile__skills")
    created = 0
    for owner in owners:
        created += _upload_documents(owner, wanted[owner.email], reviewer=reviewer, templates=templates, today=today)
    return created


def _upload_documents(owner: User, demos: tuple[DemoDocument, ...], *, reviewer: User, templates, today) -> int:
    specs = {spec.name: spec for spec in template_specs()}
    held = set(CompetenceDocument.objects.filter(owner=owner).values_list("template__name", flat=True))
    own_skills = {user_skill.skill_id for user_skill in owner.profile.skills.all()}
    created = 0
    for demo in demos:
        template = templates.get(demo.template)
        if template is None or template.name in held:
            continue
        issued, expires = document_dates(demo, specs[template.name], today=today)
        upload = ContentFile(
            demo_pdf(template.name, owner.profile.display_name, f"No. {demo.credential_number}",
                     f"Issued {dates.day(issued)}", "Demo document - not a real certificate"),
            name=f"{template.slug}.pdf",
        )
        document = passport_services.document_upload(
            owner=owner, upload=upload, title=template.name, issuer=template.issuer_list[0], issue_date=issued,
            template=template, credential_number=demo.credential_number, expiry_date=expires,
            skills=[skill for skill in template.skills.all() if skill.pk in own_skills],
        )
        passport_services.review_start(reviewer=reviewer, document=document)
        passport_services.review_decide(
            reviewer=reviewer, document=document, decision=CompetenceReview.Decision.APPROVED,
            checks=DEMO_REVIEW_CHECKS, internal_note="Demo document, written by seed_demo.",
        )
        created += 1
    return created


@transaction.atomic
def seed_languages() -> tuple[dict[str, int], int]:
    existing = dict(Language.objects.values_list("code", "pk"))
    missing = [Language(code=code, name=name) for code, name in LANGUAGES if code not in existing]
    Language.objects.bulk_create(missing)
    return dict(Language.objects.values_list("code", "pk")), len(missing)


class MemberWriter:
    def __init__(self, *, skill_ids: dict[str, int], language_ids: dict[str, int], progress: Progress | None):
        self.skill_ids = skill_ids
        self.language_ids = language_ids
        self.progress = progress
        self.existing_emails = set(
            User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", flat=True)
        )
        self.slugs = SlugAllocator(Profile.objects.values_list("slug", flat=True))
        self.now = timezone.now()

    def write(self, label: str, specs: Iterable[MemberSpec], total: int, password: Callable[[MemberSpec], str]):
        started = time.perf_counter()
        done = 0
        next_report = 0
        for batch in batched(specs, BATCH_SIZE):
            self._write_batch(batch, password)
            done += len(batch)
            if self.progress and total > BATCH_SIZE and (done >= next_report or done == total):
                self.progress(label, done, total, time.perf_counter() - started)
                next_report = done + total // 10

    def _write_batch(self, specs: tuple[MemberSpec, ...], password: Callable[[MemberSpec], str]) -> None:
        users, addresses, profiles = [], [], []
        for spec in specs:
            user = User(
                id=uuid.uuid4(), email=spec.email, password=password(spec), role=spec.role,
                first_name=spec.first_name, last_name=spec.last_name,
                is_staff=spec.role == User.Role.ADMIN, is_superuser=spec.role == User.Role.ADMIN and not spec.groups,
                date_joined=self.now - timedelta(days=spec.joined_days_ago),
            )
            users.append(user)
            addresses.append(EmailAddress(user_id=user.id, email=spec.email, verified=True, primary=True))
            profiles.append(Profile(
                user_id=user.id, display_name=spec.display_name,
                slug=self.slugs.allocate(spec.slug_base, spec.slug_suffix),
                headline=spec.headline, bio=spec.bio, bio_sv=spec.bio_sv, city=spec.city, country=spec.country,
                latitude=spec.latitude, longitude=spec.longitude, years_experience=spec.years_experience,
                hourly_rate=spec.hourly_rate, currency=spec.currency, availability=spec.availability,
                available_from=spec.available_from, hours_per_week=spec.hours_per_week,
                visibility=spec.visibility, company_name=spec.company_name, vat_number=spec.vat_number,
            ))
        with transaction.atomic():
            User.objects.bulk_create(users)
            EmailAddress.objects.bulk_create(addresses)
            Profile.objects.bulk_create(profiles)  # SQLite and PostgreSQL set the new ids on the objects
            UserSkill.objects.bulk_create([
                UserSkill(profile_id=profile.pk, skill_id=self.skill_ids[skill.slug], level=skill.level,
                          years=skill.years)
                for spec, profile in zip(specs, profiles, strict=True)
                for skill in spec.skills
            ])
            through = Profile.languages.through
            through.objects.bulk_create([
                through(profile_id=profile.pk, language_id=self.language_ids[code])
                for spec, profile in zip(specs, profiles, strict=True)
                for code in spec.languages
            ])
            if any(spec.groups for spec in specs):
                # The staff groups come from migrations (docs/staff.md), never from here.
                group_ids = dict(Group.objects.values_list("name", "pk"))
                User.groups.through.objects.bulk_create([
                    User.groups.through(user_id=user.pk, group_id=group_ids[name])
                    for spec, user in zip(specs, users, strict=True)
                    for name in spec.groups
                ])
        self.existing_emails.update(spec.email for spec in specs)


def seed_demo(*, freelancers: int, clients: int, seed: int, today: date | None = None,
              progress: Progress | None = None, documents: bool = False) -> SeedResult:
    """Everything `manage.py seed_demo` does; see the module docstring for the guarantees.

    The members' search entries are written once, by the rebuild at the end, not after each save
    on the way; the cache purges the saves ask for go out once, at the end, per page and proxy."""
    with search_services.indexing_deferred(), batched_purges():
        return _seed_demo(freelancers=freelancers, clients=clients, seed=seed, today=today, progress=progress,
                          documents=documents)


def _seed_demo(*, freelancers: int, clients: int, seed: int, today: date | None,
               progress: Progress | None, documents: bool) -> SeedResult:
    started = time.perf_counter()
    today = today or timezone.localdate()
    result = SeedResult()
    skill_ids, result.categories_created, result.skills_created = seed_taxonomy()
    result.templates_created = seed_competence_templates(skill_ids)
    language_ids, result.languages_created = seed_languages()
    writer = MemberWriter(skill_ids=skill_ids, language_ids=language_ids, progress=progress)

    named = [spec for spec in NAMED_ACCOUNTS if spec.email not in writer.existing_emails]
    if named:
        # Hashed once, not per account: the hasher is deliberately slow.
        demo_hash = make_password(DEMO_PASSWORD)
        if DEMO_ADMIN in named:
            result.admin_password = secrets.token_urlsafe(12)
        admin_hash = make_password(result.admin_password) if result.admin_password else None
        writer.write("demo accounts", named, len(named),
                     lambda spec: admin_hash if spec is DEMO_ADMIN else demo_hash)
    result.created["demo accounts"] = len(named)

    for label, count, email_for, generate in (
        ("freelancers", freelancers, freelancer_email, freelancer),
        ("clients", clients, client_email, client),
    ):
        numbers = [n for n in range(1, count + 1) if email_for(n) not in writer.existing_emails]
        specs = (generate(seed, n, today=today) for n in numbers)
        writer.write(label, specs, len(numbers), _unusable_password)
        result.created[label] = len(numbers)

    result.pages_created = seed_pages(
        featured_emails=lambda: featured_freelancers(seed, freelancers, today=today)
    )
    if documents:
        result.documents_created = seed_demo_documents(today=today, seed=seed, freelancers=freelancers)
        result.bookings_created = seed_demo_bookings(today=today)
        result.reviews_created = seed_demo_reviews(today=today, seed=seed, freelancers=freelancers)
    # Bulk inserts send no signals, so the search index learns of the new members here.
    search_services.rebuild(progress=progress)
    # The rating columns follow the ratings app (rebuild leaves them as they are), and members
    # reviewed before their first indexing had no entry to write them in.
    for profile_id, average, count in RatingStatistics.objects.filter(count__gt=0).values_list(
        "user__profile__id", "bayesian_average", "count"
    ):
        search_services.entry_set_rating(profile_id=profile_id, average=average, count=count)
    result.elapsed = time.perf_counter() - started
    return result


def _unusable_password(spec: MemberSpec) -> str:
    # What set_unusable_password() stores, without its per-call cost: "!" and random text,
    # so the hash never matches any password and still differs between accounts.
    return "!" + secrets.token_urlsafe(30)
