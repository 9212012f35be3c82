"""The search app's forms, each module re-exported here:

  search.py  the search form: GET parameters in, SearchParams out, and back to the canonical
             querystring (its fields and checkboxes in fields.py)
  saved.py   saving a search and changing its emails"""

from .saved import *  # noqa: F403
from .search import *  # noqa: F403
