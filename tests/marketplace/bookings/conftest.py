# Staff with two-factor, as the Wagtail admin requires (shared with the passport's tests).
from tests.marketplace.passport.conftest import make_staff  # noqa: F401
