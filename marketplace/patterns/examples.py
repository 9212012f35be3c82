"""The pattern page's examples, made up in memory from every app's real models and helpers (this
app sits on top of them all): nothing here is read from or written to the database."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.models import Profile, Skill, UserSkill
from marketplace.bookings.models import Booking, TimeLog
from marketplace.core.forms import GroupedChoices, grouped_choices
from marketplace.passport.models import CompetenceDocument
from marketplace.ratings.forms import RatingForm
from marketplace.ratings.models import RatingStatistics
from marketplace.ratings.selectors import summary_for
from marketplace.search.presentation import cards as search_cards
from marketplace.search.query import SkillTag


class ExampleForm(forms.Form):
    """A form shown filled in wrongly, so every state of a field is on the page."""

    display_name = forms.CharField(label=_("Display name"), help_text=_("Shown on your public profile."))
    email = forms.EmailField(label=_("Email"))
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), ("SE", "Sweden"), ("NO", "Norway")])
    bio = forms.CharField(label=_("About"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    skills = forms.MultipleChoiceField(
        label=_("Skills"),
        choices=[("welding", "Welding"), ("roofing", "Roofing"), ("carpentry", "Carpentry")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        required=False,
    )
    level = forms.ChoiceField(
        label=_("Level"), widget=forms.RadioSelect, choices=[("1", "Beginner"), ("2", "Intermediate"), ("3", "Expert")]
    )

    def clean(self):
        raise forms.ValidationError(_("Please correct the errors below. Nothing was stored."))


def example_form() -> ExampleForm:
    form = ExampleForm(
        data={"display_name": "Sara Nyström", "email": "sara@", "country": "SE", "skills": ["welding"], "bio": ""}
    )
    form.is_valid()
    return form


class ExampleChoicesForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Required certificates or licences"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The freelancer can accept only with these approved and valid until the end date."),
        choices=[
            ("hot-work", "Hot work certificate (Heta arbeten)"),
            ("welder", "Welder qualification (EN ISO 9606-1), fillet and butt welds in steel plate and pipe"),
            ("first-aid", "First aid"),
            ("fall", "Fall protection (Fallskydd)"),
            ("lift", "Mobile elevating work platforms (MEWP)"),
            ("driving", "Driving licence, category B"),
            ("id06", "ID06 card"),
        ],
    )


def example_choices() -> tuple[ExampleChoicesForm, GroupedChoices]:
    """A checkbox group as the booking request shows the required documents: two suggested (one
    ticked, one long enough to wrap), the rest in groups, one of them open on its ticked box."""
    form = ExampleChoicesForm(initial={"documents": ["hot-work", "driving"]})
    grouped = grouped_choices(
        form["documents"], suggested={"hot-work": ["Welding"], "welder": ["Welding", "TIG welding"]},
        groups={"first-aid": "Health and safety", "fall": "Health and safety", "lift": "Machines",
                "driving": "Transport"},
        rest=_("Other documents"),
    )
    return form, grouped


def example_rating_form() -> RatingForm:
    """The rating form's real star fields: one scored 4, the others not yet."""
    return RatingForm(initial={"overall": 4})


def _prefetched(manager_owner, name, items):
    """Give an unsaved instance a related list, as prefetch_related would, so the real templates
    can call `.all` on it without a query."""
    manager_owner._prefetched_objects_cache = {name: items}
    return manager_owner


def example_people():
    skills = [
        Skill(pk=n, name=name)
        for n, name in enumerate(["Welding", "TIG welding", "Sheet metal work", "Roofing"], start=1)
    ]
    user_skills = [
        UserSkill(skill=skill, level=level, years=years)
        for skill, level, years in zip(skills, (4, 3, 3, 2), (12, 8, 6, 3), strict=True)
    ]
    # Negative keys: never saved, and no related manager refuses them (the lists are prefetched).
    sara = Profile(
        pk=-1,
        display_name="Sara Nyström",
        slug="sara-nystrom-example",
        city="Göteborg",
        country="SE",
        headline="Certified welder and sheet metal worker",
        hourly_rate=62000,
        currency="SEK",
    )
    _prefetched(sara, "skills", user_skills)
    erik = Profile(
        pk=-2,
        display_name="Erik Johansson",
        slug="erik-johansson-example",
        city="Malmö",
        country="SE",
        headline="Carpenter, kitchens and stairs",
    )
    _prefetched(erik, "skills", user_skills[3:])
    # The search's cards, built as the results page builds them (search.presentation.cards).
    sara.skill_tags = [
        SkillTag(user_skill.skill.pk, slugify(user_skill.skill.name), user_skill.skill.name)
        for user_skill in user_skills
    ]
    sara.verified_skill_ids, sara.distance_km = {1, 2}, 3.4
    sara.rating_average, sara.rating_count = Decimal("4.62"), 14
    erik.skill_tags, erik.verified_skill_ids, erik.distance_km = sara.skill_tags[3:], set(), None
    erik.rating_average, erik.rating_count = None, 0
    erik.availability = Profile.Availability.AVAILABLE_FROM
    erik.available_from = timezone.localdate() + timedelta(days=30)
    cards = search_cards([sara, erik])
    return {"profiles": [sara, erik], "cards": cards, "user_skills": user_skills}


def example_statuses():
    return {
        "bookings": [Booking(status=value) for value in Booking.Status.values],
        "logs": [TimeLog(status=value) for value in TimeLog.Status.values],
        "documents": [CompetenceDocument(status=value) for value in CompetenceDocument.Status.values],
    }


def example_summary():
    stats = RatingStatistics(
        count=14,
        sum_overall=62,
        sum_communication=60,
        sum_quality=63,
        sum_timeliness=58,
        sum_professionalism=64,
        stars_1=0,
        stars_2=1,
        stars_3=1,
        stars_4=3,
        stars_5=9,
        bayesian_average=Decimal("4.237"),
    )
    return summary_for(stats)
