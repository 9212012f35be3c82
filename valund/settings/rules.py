"""The marketplace's rules: currencies, the platform fee, and the periods of escrow, bookings,
time logs, ratings and passport reminders."""

import os

VALUND_CURRENCIES = ["SEK", "EUR"]
# The platform fee taken at release: this percentage of what the freelancer earned, at least
# the minimum (minor units per currency), rounded half up to a whole öre/cent (payments/fees.py).
PLATFORM_FEE_PERCENT = os.environ.get("PLATFORM_FEE_PERCENT", "10")
PLATFORM_FEE_MINIMUM = {"SEK": 5000, "EUR": 500}
# Escrow of a completed booking the client did not release is released after this many days
# unless a dispute is open; the client is reminded this many days before.
ESCROW_AUTO_RELEASE_DAYS = int(os.environ.get("ESCROW_AUTO_RELEASE_DAYS", "14"))
ESCROW_RELEASE_REMINDER_DAYS_BEFORE = int(os.environ.get("ESCROW_RELEASE_REMINDER_DAYS_BEFORE", "3"))
# Expiry reminders go out this many days before a document expires, each once.
PASSPORT_REMINDER_DAYS = [30, 7]

# Bookings: the periods of the booking lifecycle, in days (see docs/bookings.md).
# A pending request nobody answers expires after this many days.
BOOKING_REQUEST_EXPIRY_DAYS = int(os.environ.get("BOOKING_REQUEST_EXPIRY_DAYS", "5"))
# Work marked done is confirmed automatically after this many days unless the client disputes.
BOOKING_COMPLETION_REVIEW_DAYS = int(os.environ.get("BOOKING_COMPLETION_REVIEW_DAYS", "7"))
# Submitted time is approved automatically after this many days if the client does nothing;
# the client is reminded this many days before.
TIMELOG_AUTO_APPROVE_DAYS = int(os.environ.get("TIMELOG_AUTO_APPROVE_DAYS", "7"))
TIMELOG_REMINDER_DAYS_BEFORE = int(os.environ.get("TIMELOG_REMINDER_DAYS_BEFORE", "2"))
# Ratings: each party may rate the other for this many days after completion (double-blind
# until both have rated or this closes), and is reminded this many days before it closes.
RATING_WINDOW_DAYS = int(os.environ.get("RATING_WINDOW_DAYS", "14"))
RATING_REMINDER_DAYS_BEFORE = int(os.environ.get("RATING_REMINDER_DAYS_BEFORE", "3"))
# The Bayesian average: as if every member started with RATING_PRIOR_WEIGHT ratings of
# RATING_PRIOR_MEAN stars (marketplace/ratings/statistics.py explains the choice).
RATING_PRIOR_MEAN = os.environ.get("RATING_PRIOR_MEAN", "4.0")
RATING_PRIOR_WEIGHT = int(os.environ.get("RATING_PRIOR_WEIGHT", "5"))
# Either party may dispute a completed booking for this many days after its completion.
BOOKING_DISPUTE_WINDOW_DAYS = int(os.environ.get("BOOKING_DISPUTE_WINDOW_DAYS", "14"))
# Requests are reminded this many days before they expire.
BOOKING_EXPIRY_REMINDER_DAYS_BEFORE = 1

# Members' own data (docs/privacy.md). An export's download link works, and its ZIP is kept in
# private storage, for this many hours; the daily retention task then deletes the file.
PRIVACY_EXPORT_HOURS = int(os.environ.get("PRIVACY_EXPORT_HOURS", "72"))
# How long each kind of data is kept, in days, before the daily retention task removes it (or,
# for search analytics, folds it into the daily summary first). 0 keeps that kind for ever.
RETENTION_DAYS = {
    "search_analytics": int(os.environ.get("RETENTION_SEARCH_ANALYTICS_DAYS", "400")),
    "webhook_payloads": int(os.environ.get("RETENTION_WEBHOOK_PAYLOADS_DAYS", "90")),
    "notifications": int(os.environ.get("RETENTION_NOTIFICATIONS_DAYS", "365")),
    # Contact and partner enquiries sent through form pages: visitors' names and addresses.
    "form_submissions": int(os.environ.get("RETENTION_FORM_SUBMISSIONS_DAYS", "365")),
}
