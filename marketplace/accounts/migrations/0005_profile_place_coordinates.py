"""Profiles whose city names a place in the gazetteer but that have no coordinates get the
place's, so that a radius search around the city finds them (before the place chooser, the
coordinates had to be typed by hand and most members left them out). Coordinates already there
are kept."""

from django.db import migrations

from marketplace.core.places import place_lookup


def fill_coordinates(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    for profile in Profile.objects.filter(latitude__isnull=True).exclude(city="").iterator():
        place = place_lookup(profile.city)
        if place is None:
            continue
        profile.city, profile.country = place.name, place.country
        profile.latitude, profile.longitude = place.coordinates
        profile.save(update_fields=["city", "country", "latitude", "longitude"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_editors_maintain_skills"),
    ]

    operations = [
        migrations.RunPython(fill_coordinates, migrations.RunPython.noop),
    ]
