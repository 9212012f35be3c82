import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from marketplace.core.directory import directory_url
from marketplace.core.models import TimeStampedModel
from marketplace.core.money import CURRENCY_CHOICES
from marketplace.core.vocabulary import Vocabulary

from .fields import DisplayNameField

# The countries members choose from (the profile form and the admin), by ISO code.
COUNTRY_CHOICES = [
    ("", _("Choose a country")),
    ("SE", _("Sweden")), ("NO", _("Norway")), ("DK", _("Denmark")), ("FI", _("Finland")),
    ("DE", _("Germany")), ("NL", _("Netherlands")), ("PL", _("Poland")), ("EE", _("Estonia")),
    ("LV", _("Latvia")), ("LT", _("Lithuania")),
    ("GB", _("United Kingdom")), ("FR", _("France")), ("ES", _("Spain")), ("IE", _("Ireland")),
]
COUNTRY_NAMES = dict(COUNTRY_CHOICES)


def initials(name) -> str:
    """'Astrid Lindqvist' → 'AL': the avatar stand-in when a member has no photo."""
    return "".join(word[0] for word in str(name).split()[:2]).upper()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", User.Role.ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A member. Email is the login; the role decides which side of the marketplace they are on."""

    class Role(models.TextChoices):
        FREELANCER = "freelancer", _("Freelancer")
        CLIENT = "client", _("Client")
        ADMIN = "admin", _("Admin")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CLIENT, db_index=True)
    # The language the member reads the site, emails and documents in; blank until they choose
    # (accounts.selectors.language_for then answers the site's default).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default="",
        help_text=_("The language of the site and of what Valund sends you."),
    )
    # The member's own time zone ("Europe/Helsinki"), blank for Valund's (settings.TIME_ZONE).
    # No choices on the field: the list is the system's tzdata, which would churn migrations;
    # the form offers zoneinfo.available_timezones() and services.user_set_time_zone checks.
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, default="",
        help_text=_("Times on the site and in what Valund sends you are shown in this zone."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["freelancer", "client", "admin"]), name="accounts_user_role_valid"
            ),
        ]

    def __str__(self):
        return self.email

    # Staff powers of any kind need a second factor proved in the current session: a phished
    # password alone must open nothing private. The request's user learns whether its session
    # has one from StaffTwoFactorMiddleware (accounts.second_factor); a user loaded any other
    # way has none, so every permission below is refused to it until something vouches for it.
    second_factor_verified = False

    def has_perm(self, perm, obj=None):
        return self.second_factor_verified and super().has_perm(perm, obj)

    def has_perms(self, perm_list, obj=None):
        return self.second_factor_verified and super().has_perms(perm_list, obj)

    def has_module_perms(self, app_label):
        return self.second_factor_verified and super().has_module_perms(app_label)

    def get_all_permissions(self, obj=None):
        return super().get_all_permissions(obj) if self.second_factor_verified else set()

    @cached_property
    def is_staff_account(self) -> bool:
        """Whether this account holds staff powers at all, proved second factor or not: staff,
        a superuser, or any permission from its groups or its own."""
        return bool(self.is_staff or self.is_superuser or super().get_all_permissions())

    @property
    def has_staff_powers(self) -> bool:
        """A staff account whose session has proved its second factor."""
        return self.is_active and self.second_factor_verified and self.is_staff_account

    @cached_property
    def email_verified(self) -> bool:
        """allauth's EmailAddress is the one record of verification; this only reads it."""
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(user=self, primary=True, verified=True).exists()

    @property
    def is_freelancer(self) -> bool:
        return self.role == self.Role.FREELANCER

    @property
    def is_client(self) -> bool:
        return self.role == self.Role.CLIENT


class Language(models.Model):
    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=64)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProfileQuerySet(models.QuerySet):
    def for_public_display(self):
        """Profiles a visitor may see: public, of a verified, active freelancer."""
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(user=OuterRef("user"), primary=True, verified=True)
        return self.filter(
            Exists(verified),
            visibility=Profile.Visibility.PUBLIC,
            user__role=User.Role.FREELANCER,
            user__is_active=True,
        )


class Profile(index.Indexed, TimeStampedModel):
    """A member's public face. One per user, created with the account."""

    class Availability(models.TextChoices):
        AVAILABLE_NOW = "now", _("Available now")
        AVAILABLE_FROM = "from", _("Available from a date")
        NOT_AVAILABLE = "no", _("Not available")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        HIDDEN = "hidden", _("Hidden")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = DisplayNameField(_("display name"), max_length=120)
    slug = models.SlugField(_("public address"), max_length=140, unique=True)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    bio = models.TextField(_("about"), max_length=5000, blank=True)
    # The member's own words stay as written; a second text lets Swedish visitors read them in
    # Swedish (local_bio), as a taxonomy entry's name_sv does for its name.
    bio_sv = models.TextField(
        _("about, in Swedish"), max_length=5000, blank=True,
        help_text=_("Optional. Visitors reading Valund in Swedish see this; everyone else sees the text above."),
    )
    avatar = models.ImageField(_("photo"), upload_to="avatars/%Y/%m/", blank=True)
    avatar_small = models.ImageField(upload_to="avatars/%Y/%m/", blank=True, editable=False)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="profiles")
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    hourly_rate = models.PositiveIntegerField(
        _("hourly rate"), null=True, blank=True, help_text=_("In minor units (öre, cents).")
    )
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="SEK")
    availability = models.CharField(
        max_length=8, choices=Availability.choices, default=Availability.AVAILABLE_NOW
    )
    available_from = models.DateField(null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(80)]
    )
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    company_name = models.CharField(_("company name"), max_length=160, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)

    objects = ProfileQuerySet.as_manager()

    search_fields = [
        index.SearchField("display_name"),
        index.SearchField("headline"),
        index.AutocompleteField("display_name"),
        index.FilterField("visibility"),
        index.RelatedFields("user", [index.SearchField("email")]),
    ]

    class Meta:
        ordering = ["display_name"]
        # The search's radius filter narrows to a bounding box on these before the distance.
        indexes = [models.Index(fields=["latitude", "longitude"], name="accounts_profile_latlon_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(availability="from", available_from__isnull=False) | ~Q(availability="from"),
                name="accounts_profile_available_from_has_date",
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0),
                name="accounts_profile_rate_not_negative",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def place(self) -> str:
        """'Göteborg, Sweden', or whichever of the two the member gave."""
        country = str(COUNTRY_NAMES.get(self.country, self.country)) if self.country else ""
        return ", ".join(part for part in (self.city, country) if part)

    @property
    def local_bio(self) -> str:
        """The about text in the reader's language: Swedish readers get bio_sv, everyone else
        bio; either falls back to the other when it is empty."""
        swedish = (get_language() or "").split("-")[0] == "sv"
        first, second = (self.bio_sv, self.bio) if swedish else (self.bio, self.bio_sv)
        return first or second

    @property
    def initials(self) -> str:
        return initials(self.display_name)

    def get_absolute_url(self):
        return f"{directory_url()}{self.slug}/"

    @property
    def is_public(self) -> bool:
        return (
            self.visibility == self.Visibility.PUBLIC
            and self.user.role == User.Role.FREELANCER
            and self.user.is_active
            and self.user.email_verified
        )


class SkillCategory(index.Indexed, Vocabulary):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=90, unique=True)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    search_fields = [index.SearchField("name"), index.SearchField("name_sv"), index.SearchField("synonyms"),
                     index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = _("skill categories")

    def __str__(self):
        return self.name


class Skill(index.Indexed, Vocabulary):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=110, unique=True)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    description = models.TextField(blank=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_sv"),
        index.SearchField("synonyms"),
        index.AutocompleteField("name"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="accounts_skill_unique_name_per_category")
        ]

    def __str__(self):
        return self.name


class UserSkill(TimeStampedModel):
    class Level(models.IntegerChoices):
        BEGINNER = 1, _("Beginner")
        INTERMEDIATE = 2, _("Intermediate")
        ADVANCED = 3, _("Advanced")
        EXPERT = 4, _("Expert")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="holders")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.INTERMEDIATE)
    years = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(70)])

    class Meta:
        ordering = ["-level", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="accounts_userskill_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="accounts_userskill_level_range"),
        ]

    def __str__(self):
        return f"{self.profile} – {self.skill} ({self.get_level_display()})"
