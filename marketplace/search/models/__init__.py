"""Search models, one module per concern: the index (index.py), analytics (analytics.py) and
saved searches (saved.py), profiles' words for corrections (words.py). Each is re-exported here."""

from .analytics import *  # noqa: F403
from .index import *  # noqa: F403
from .saved import *  # noqa: F403
from .words import *  # noqa: F403
