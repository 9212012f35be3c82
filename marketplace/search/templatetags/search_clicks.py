"""{% search_result_url search_id results forloop.counter profile %}: a result's link, through
the click endpoint when the search was recorded (services.record_search)."""

from django import template

from ..services import click_url, result_position

register = template.Library()


@register.simple_tag
def search_result_url(search_id, results, index: int, profile) -> str:
    url = profile.get_absolute_url()
    if not search_id:
        return url
    return click_url(search_id, result_position(results.page, index, results.per_page), url)
