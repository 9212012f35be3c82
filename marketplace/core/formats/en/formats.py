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
