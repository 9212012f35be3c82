"""Search models, one module per concern: the index (index.py), analytics (analytics.py) and
saved searches (saved.py). Each is re-exported here."""

from .analytics import *  # noqa: F403
from .index import *  # noqa: F403
from .saved import *  # noqa: F403
