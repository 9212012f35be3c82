"""English date styles: one per purpose (see the package's docstring)."""

# A day: "30 Jan 2026" (bookings' dates, issue dates, the day a review was written).
DATE_FORMAT = "j M Y"
# A moment: "30 Jan 2026, 14:05" (messages, timeline entries, deadlines, payments).
DATETIME_FORMAT = "j M Y, H:i"
# A month, where only the month matters: "Jan 2026" (a certificate's expiry on a profile).
YEAR_MONTH_FORMAT = "M Y"
# A day within a range whose year is written once: "30 Jan" (a week's first day).
MONTH_DAY_FORMAT = "j M"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"

# Not Django settings: read by marketplace.core.dates and marketplace.core.money.
# An ISO week as a timesheet heads it: "Week 48".
WEEK_FORMAT = "Week {number}"
# An hourly rate and a number of hours: "650 SEK per hour", "7.5 h".
PER_HOUR_FORMAT = "{amount} per hour"
HOURS_FORMAT = "{hours} h"
