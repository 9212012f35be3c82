from marketplace.core.demo.seed import seed_demo

from .conftest import served_html, track


def test_home_page(site, browser_context, judges):
    seed_demo(freelancers=8, clients=2, seed=2026)
    page = track(browser_context().new_page())
    page.goto("/")
    judges.check(page, "home", html=served_html(page))
    print(judges.failures())
