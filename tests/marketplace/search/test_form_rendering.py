"""The search form's choices and widgets (forms/fields.py, forms/rendering.py): skills, trades
and languages read once and again after any change, and widgets written in Python that match
Django's templates byte for byte."""

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from marketplace.accounts.models import Language, Skill, SkillCategory
from marketplace.core.forms import ValundFormRenderer
from marketplace.search.forms import SearchForm
from marketplace.search.forms.rendering import WidgetRenderer

pytestmark = pytest.mark.django_db


def test_choices_are_read_when_the_form_is_shown_once_per_form(search_taxonomy, django_assert_num_queries):
    with django_assert_num_queries(0):
        SearchForm(QueryDict("q=welder")).to_params()
    form = SearchForm(QueryDict(""))
    with django_assert_num_queries(3):  # skills, trades and languages at once, then from the cache
        str(form["category"]) + str(form["category"])
    SkillCategory.objects.create(name="Care", slug="care")

    assert 'value="care"' in str(SearchForm(QueryDict(""))["category"])


def test_the_offered_skills_trades_and_languages_follow_every_change(search_taxonomy, django_assert_num_queries):
    """Read from the cache on every form after the first, and read again after any change."""
    def offered():
        form = SearchForm(QueryDict())
        skills = [slug for _trade, options in form.fields["skills"].widget.choices for slug, _name in options]
        categories = [slug for slug, _name in form.fields["category"].widget.choices]
        languages = [code for code, _name in form.fields["languages"].widget.choices]
        return skills, categories, languages

    skills, categories, languages = offered()
    with django_assert_num_queries(0):
        assert offered() == (skills, categories, languages)

    roofing = SkillCategory.objects.create(name="Roofing", slug="roofing")
    Skill.objects.create(name="Tin roofs", slug="tin-roofs", category=roofing)
    Language.objects.create(code="is", name="Icelandic")
    skills, categories, languages = offered()
    assert "tin-roofs" in skills and "roofing" in categories and "is" in languages

    Skill.objects.filter(slug="tin-roofs").get().delete()
    assert "tin-roofs" not in offered()[0]


@pytest.mark.parametrize("querystring", [
    "",
    "q=welder&near=Göteborg&radius=30&category=it&skills=welding&skills_mode=all&available=by"
    "&available_by=2026-12-01&rate_min=100&rate_max=50&currency=SEK&min_rating=4.5&verified=on&languages=sv"
    "&sort=rate_asc&lat=57.7&lon=11.9&page=3",
    "radius=-5&rate_min=abc&available=now&sort=distance&q=%3Cscript%3E%22'&category=%22%3E",
])
def test_the_widgets_written_in_python_match_djangos_templates(search_taxonomy, querystring):
    """rendering.WidgetRenderer answers the stock widget templates itself: byte for byte what
    the templates give, for every field, with values, choices, errors and hostile input."""
    form = SearchForm(QueryDict(querystring))
    form.is_valid()
    assert isinstance(form.renderer, WidgetRenderer)
    for name in form.fields:
        fast = (str(form[name]), form[name].label_tag(), form[name].label_tag(attrs={"class": "x"}, tag="span"))
        form.renderer = ValundFormRenderer()
        assert fast == (str(form[name]), form[name].label_tag(), form[name].label_tag(attrs={"class": "x"}, tag="span"))
        form.renderer = WidgetRenderer()
    assert "<script>" not in str(form["q"])


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("querystring", [
    "",
    "q=welder&category=construction&skills=welding,python&skills_mode=all&available=now&languages=sv&languages=de"
    "&min_rating=4&sort=rating",
    "skills=welding,nope&languages=xx&rate_min=abc&radius=9999&available=by&min_rating=9&sort=%3Cb%3E",
])
def test_every_widget_written_in_python_matches_djangos_in_both_languages(search_taxonomy, language, querystring):
    """The whole form as Django's stock widgets and templates write it, the skills' and
    languages' checkboxes (fields.Checkboxes) included, with names that need escaping and
    invalid values: the escaping in rendering.escape is conditional_escape's, byte for byte."""
    Skill.objects.create(name='Cut & "weld" <tig>', slug="cut-weld", category=search_taxonomy[0]["welding"].category)
    Language.objects.create(code="fr", name="Fran\u00e7ais <'fr'>")
    with translation.override(language):
        form = SearchForm(QueryDict(querystring))
        form.is_valid()
        fast = {name: (str(form[name]), form[name].label_tag()) for name in form.fields}
        form.renderer = ValundFormRenderer()
        stock = {
            name: (
                form[name].as_widget(widget=forms.CheckboxSelectMultiple(
                    attrs=form.fields[name].widget.attrs, choices=form.fields[name].widget.choices,
                )) if name in ("skills", "languages") else str(form[name]),
                form[name].label_tag(),
            )
            for name in form.fields
        }
    assert fast == stock
    assert "Cut &amp; &quot;weld&quot; &lt;tig&gt;" in fast["skills"][0]
