import pytest
from django.core.exceptions import ValidationError

from pages.blocks import CallToActionBlock, HeroBlock


@pytest.mark.parametrize("url", ["/en/freelancers/", "#how", "https://example.com/", "mailto:hej@valund.example"])
def test_call_to_action_accepts_site_paths_and_web_addresses(url):
    block = CallToActionBlock()

    value = block.clean(block.to_python({"heading": "Go", "text": "", "label": "Go", "url": url}))

    assert value["url"] == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "//evil.example/", "data:text/html,x"])
def test_script_and_protocol_relative_links_are_refused(url):
    hero = HeroBlock()
    cta = CallToActionBlock()

    with pytest.raises(ValidationError):
        hero.clean(hero.to_python({"heading": "Hi", "primary_label": "Go", "primary_url": url}))
    with pytest.raises(ValidationError):
        cta.clean(cta.to_python({"heading": "Go", "text": "", "label": "Go", "url": url}))
