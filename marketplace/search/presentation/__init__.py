"""What the results page and the live-search block show around the results: the heading, the
cards, and every link that changes the search (facets, removing a filter, pages, the empty
state's suggestions), built as plain data from the form, the search and its results. The
templates lay it out; every href is a canonical search URL (forms.to_querystring).

  cards.py  a card for each freelancer found
  page.py   ResultsPage, everything else the directory's template needs about one search, and
            the links it is made of
"""

from .cards import *  # noqa: F403
from .page import *  # noqa: F403
