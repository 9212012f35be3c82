"""Swedish date and number styles, one per purpose (see the package's docstring). Only what
differs from Django's own `sv` formats is written here; the rest (ISO 8601 short dates
"2026-11-26", 24-hour "14:30", weeks from Monday, decimal comma, a no-break space between
thousands) comes from Django's module behind this one."""

# A day: "26 nov. 2026". Django's "N" writes Swedish months without the abbreviation's
# full stop ("nov"); marketplace.core.dates puts MONTH_ABBREVIATIONS in its place, so the named
# filters write "nov.", "maj", "juni" as Swedish style guides and CLDR do.
DATE_FORMAT = "j N Y"
# A moment: "26 nov. 2026 14:30".
DATETIME_FORMAT = "j N Y H:i"
# A month, where only the month matters: "nov. 2026".
YEAR_MONTH_FORMAT = "N Y"
# A day within a range whose year is written once: "26 nov.".
MONTH_DAY_FORMAT = "j N"
# Tables and forms: "2026-11-26", "2026-11-26 14:30".
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

# What a Swede types: ISO first (the date inputs send it), then day-first forms; never
# Django's American month-first fallbacks.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y%m%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%H.%M"]

# Not Django settings: read by marketplace.core.dates (CLDR's abbreviated month names).
MONTH_ABBREVIATIONS = ("jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec.")
# An ISO week as a timesheet heads it: "v. 48".
WEEK_FORMAT = "v. {number}"
# An hourly rate and a number of hours, short: "1 250 kr/tim", "7,5 tim".
PER_HOUR_FORMAT = "{amount}/tim"
HOURS_FORMAT = "{hours}\xa0tim"
