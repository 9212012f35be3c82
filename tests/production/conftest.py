"""Production-readiness tests use the page tree of tests/pages and the passport fixtures of
tests/marketplace/passport, imported here so that they are found for this folder too."""

from tests.marketplace.passport.conftest import make_document, make_staff, reviewer, template  # noqa: F401
from tests.pages.conftest import make_page_tree, page_tree  # noqa: F401
