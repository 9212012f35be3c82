"""Every read of the search app, one module per concern, each re-exported here:

  engine.py     the search itself (search()), with matching.py (the entries that match and the
                page's rows in order), figures.py (its count and facets, and the empty
                state's popular skills), text.py (the words) and geo.py (distances)
  saved.py      a member's saved searches, the alerts due and the profiles an alert lists
  analytics.py  the search reports in the Wagtail admin, with misses.py (what each query that
                found nothing would find now)
  taxonomy.py   the skills, trades and languages the search form offers (cached)
  explain.py    for staff, the parts of each result's relevance score
  suggest.py    the search box's suggestions as it is typed: skills, places, popular searches

Callers use `selectors.search(...)` through this package, so a test can replace it here."""

from .analytics import *  # noqa: F403
from .engine import *  # noqa: F403
from .explain import *  # noqa: F403
from .figures import *  # noqa: F403
from .misses import *  # noqa: F403
from .saved import *  # noqa: F403
from .suggest import *  # noqa: F403
from .taxonomy import *  # noqa: F403
