"""Every write of the search app, one module per concern, each re-exported here:

  index.py      the search index (SearchEntry): one profile, a member, a skill's or a
                document type's holders, everything; the static score and its daily refresh
  upsert.py     what an entry holds, written in one statement: SQL on PostgreSQL, Python on SQLite
  saved.py      saved searches and the decision of their email alerts
  analytics.py  recording searches and clicks, and the nightly summary
  vocabulary.py an editor's synonym for a skill, from the search report's misses
  words.py      the profiles' words that typos are corrected against

Call them as `services.<name>`; a test that changes a module's constant patches the module
(`services.saved.MAX_PER_MEMBER`), where the functions read it."""

from .analytics import *  # noqa: F403
from .index import *  # noqa: F403
from .saved import *  # noqa: F403
from .vocabulary import *  # noqa: F403
from .words import *  # noqa: F403
