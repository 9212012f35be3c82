"""Distances on the earth for the engine: the great-circle distance as a SQL expression, and
the latitude and longitude range that a radius cannot leave (for the indexed columns)."""

import math

from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088


def distance_km(lat: float, lon: float):
    """Great-circle (haversine) distance from (lat, lon) to the profile, in km; NULL for a
    profile without coordinates."""
    latitude, longitude = Radians(F("latitude")), Radians(F("longitude"))
    half_dlat = (latitude - Value(math.radians(lat))) / Value(2.0)
    half_dlon = (longitude - Value(math.radians(lon))) / Value(2.0)
    a = Power(Sin(half_dlat), Value(2)) + Value(math.cos(math.radians(lat))) * Cos(latitude) * Power(
        Sin(half_dlon), Value(2)
    )
    distance = Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(a, Value(1.0))))
    # PostgreSQL's LEAST skips NULLs (LEAST(NULL, 1) is 1), so no coordinates must stay NULL by hand.
    return Case(
        When(latitude__isnull=False, longitude__isnull=False, then=distance), default=None, output_field=FloatField()
    )


def bounding_box(lat: float, lon: float, radius_km: float) -> Q:
    """Latitudes and longitudes that can lie within the radius: a range on the indexed
    columns that keeps the distance computation to the few rows inside it. Near a pole or
    across the antimeridian the longitude is left open."""
    angle = radius_km / EARTH_RADIUS_KM
    # A hair wider than the circle, so rounding never drops a profile on its edge.
    lat_min, lat_max = lat - math.degrees(angle) - 1e-6, lat + math.degrees(angle) + 1e-6
    box = Q(latitude__gte=lat_min, latitude__lte=lat_max)
    if lat_min > -90 and lat_max < 90:
        # The widest longitude span of the circle (Matuschek, "Finding points within a distance").
        dlon = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(math.radians(lat))))) + 1e-6
        if lon - dlon >= -180 and lon + dlon <= 180:
            box &= Q(longitude__gte=lon - dlon, longitude__lte=lon + dlon)
    return box
