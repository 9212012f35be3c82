"""The profile's display name field: a closed account's FORMER_MEMBER, stored in English and
shown in the reader's language (privacy's erasure stores it)."""

from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext, gettext_noop

__all__ = ["FORMER_MEMBER", "DisplayNameField", "FormerMemberName"]

# The display name a member's profile keeps once they closed their account (privacy's erasure
# stores it): stored in English, always this exact text, and shown in the reader's language.
FORMER_MEMBER = gettext_noop("Former member")


class FormerMemberName(str):
    """FORMER_MEMBER as read in the active language ("Tidigare medlem"): a str that the field
    knows for the sentinel, so that writing it back (a save, bulk_update, refresh_from_db, a
    lookup) stores FORMER_MEMBER, never a translation."""

    __slots__ = ()


def _stored(value):
    return FORMER_MEMBER if isinstance(value, FormerMemberName) else value


class DisplayNameAttribute(DeferredAttribute):
    """Reads FORMER_MEMBER in the reader's language, at read time; any other name as stored.
    A data descriptor (it has __set__), so that it is asked on every read, not only for a
    deferred field."""

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is not None and value == FORMER_MEMBER:
            return FormerMemberName(gettext(FORMER_MEMBER))
        return value

    def __set__(self, instance, value):
        attname = self.field.attname
        # A form that showed the translation and sends it back leaves the sentinel in place.
        if (instance.__dict__.get(attname) == FORMER_MEMBER and isinstance(value, str)
                and value == gettext(FORMER_MEMBER)):
            value = FORMER_MEMBER
        instance.__dict__[attname] = _stored(value)


class DisplayNameField(models.CharField):
    """A CharField whose FORMER_MEMBER reads in the reader's language (DisplayNameAttribute)
    and is always written as the sentinel. It deconstructs as a plain CharField: nothing of this
    is in the database's schema, so no migration."""

    descriptor_class = DisplayNameAttribute

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs

    def pre_save(self, model_instance, add):
        # The raw stored value, not the read (translated) one.
        if self.attname in model_instance.__dict__:
            return _stored(model_instance.__dict__[self.attname])
        return _stored(super().pre_save(model_instance, add))

    def value_from_object(self, obj):
        # Serializers (dumpdata, backups), model_to_dict and revisions see what is stored.
        return _stored(super().value_from_object(obj))

    def get_prep_value(self, value):
        return super().get_prep_value(_stored(value))
