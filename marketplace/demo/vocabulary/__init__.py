"""The demo taxonomy's Swedish names and synonyms (core.vocabulary), as a Swedish tradesperson,
nurse or developer would write them: job titles (svetsare, MIG-svetsare, welder), the short
forms and symbols people type (VVS, C#, .NET, Node.js, MIG/MAG, BIM, ssk), and the English
words a Swedish name alone would miss.

By category slug, by skill slug and by certificate name (the taxonomy reads them as `name_sv`
and `synonyms`). A synonym names one skill or trade only (tests check it), so that the search
can tell which one a word means: "svetsare" is the MIG/MAG welder's, "TIG-svetsare" the TIG
welder's, "elektriker" the electrician's and "industrielektriker" the industrial one's. Job titles
for work several skills do are shared on purpose, and the search finds the holders of any of them
(skills.py lists them): "programmerare" or "software developer" names every programming skill
(not the IT trade, whose designers and cloud architects are not developers), "backend developer"
the server-side ones, "frontend developer" React and JavaScript, "vårdbiträde" elderly care and
assistant nursing, "byggledare" site and construction project management;
"truck" is Swedish for a forklift, so "truckförare" is the forklift operator's. A document type
may share a word with a skill ("ADR", "Revit"): its holders are found by either."""

from .certificates import CERTIFICATE_TERMS
from .skills import SKILL_TERMS
from .terms import CATEGORY_TERMS, Terms

__all__ = ["CATEGORY_TERMS", "CERTIFICATE_TERMS", "SKILL_TERMS", "Terms"]
