"""Search analytics: what one search records (and, for visitors, what it does not), the beacons
of the results page (a signed token for a search shown, a click's position; nothing else
accepted), the nightly summary and the report."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.search import selectors, services, tasks
from marketplace.search.forms import SearchForm
from marketplace.search.models import PopularSearch, SearchAnalytics
from marketplace.search.presentation import ResultsPage
from marketplace.search.query import SearchParams, SearchResults

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/search/"
Period = PopularSearch.Period


def search_request(user=None, *, session=True):
    request = RequestFactory().get("/en/freelancers/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox/140")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    if session:
        request.session.create()
    return request


def at(day: datetime.date, hour=12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def searched(query, *, results=3, when=None, clicked=None):
    return SearchAnalytics.objects.create(
        query=query, result_count=results, created_at=when or timezone.now(), clicked_position=clicked
    )


# Recording a search


def test_a_members_search_names_the_member_and_nothing_of_the_request(freelancer):
    params = SearchParams(q="  Svetsare   GÖTEBORG ", skills=("welding",), verified_only=True, sort="rate_asc")

    search_id = services.record_search(search_request(freelancer), params, 7)

    row = SearchAnalytics.objects.get()
    assert row.pk == search_id
    assert row.member == freelancer and row.visitor_hash == ""
    assert row.query == "svetsare göteborg"
    assert row.filters == {"skills": ["welding"], "verified_only": True, "sort": "rate_asc"}
    assert row.result_count == 7 and row.clicked_position is None


def test_a_visitors_search_keeps_only_a_hash_of_the_session():
    request = search_request()
    session_key = request.session.session_key

    services.record_search(request, SearchParams(q="electrician"), 0)

    row = SearchAnalytics.objects.get()
    assert row.member is None
    assert len(row.visitor_hash) == 64 and session_key not in row.visitor_hash
    # The model has no room for an address, a browser or anything else about the visitor.
    assert {field.name for field in SearchAnalytics._meta.get_fields()} == {
        "id", "query", "filters", "result_count", "member", "visitor_hash", "clicked_position", "clicked_at",
        "created_at",
    }
    stored = " ".join(str(value) for value in SearchAnalytics.objects.values().get().values())
    assert "203.0.113.7" not in stored and "Firefox" not in stored


def test_a_visitor_without_a_session_is_recorded_anonymously_and_no_session_is_started():
    request = search_request(session=False)

    services.record_search(request, SearchParams(q="welder"), 2)

    row = SearchAnalytics.objects.get()
    assert row.member is None and row.visitor_hash == ""
    assert request.session.session_key is None


def test_radius_search_coordinates_are_stored_coarsely(freelancer):
    params = SearchParams(lat=57.708870, lon=11.974560, radius_km=30)

    services.record_search(search_request(freelancer), params, 1)

    assert SearchAnalytics.objects.get().filters == {"lat": 57.7, "lon": 12.0, "radius_km": 30}


def test_later_pages_and_repeats_of_a_search_reuse_its_row(freelancer):
    request = search_request(freelancer)
    params = SearchParams(q="welder")

    first = services.record_search(request, params, 45)
    page_two = services.record_search(request, SearchParams(q="welder", page=2), 45)
    again = services.record_search(request, params, 45)
    other = services.record_search(request, SearchParams(q="welder", available_now=True), 12)

    assert first == page_two == again
    assert other != first
    assert SearchAnalytics.objects.count() == 2


def test_the_same_search_by_two_visitors_is_two_rows():
    params = SearchParams(q="carpenter")

    first = services.record_search(search_request(), params, 3)
    second = services.record_search(search_request(), params, 3)

    assert first != second and SearchAnalytics.objects.count() == 2


def test_a_later_page_without_a_recorded_first_page_records_nothing():
    request = search_request(session=False)

    assert services.record_search(request, SearchParams(q="welder", page=3), 80) is None
    assert not SearchAnalytics.objects.exists()


# The beacons: a search shown, a result clicked


def shown(client, params, total, **extra):
    return client.post(reverse("search:record"), {"token": services.record_token(params, total), **extra})


def click(client, search_id, position, **extra):
    return client.post(reverse("search:click"), {"search": str(search_id), "position": position, **extra})


def test_a_shown_search_is_recorded_from_its_token_and_answers_its_id(client):
    response = shown(client, SearchParams(q="  Welder ", available_now=True), 12)

    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    row = SearchAnalytics.objects.get()
    assert response.json() == {"search": str(row.pk)}
    assert (row.query, row.filters, row.result_count, row.member) == ("welder", {"available_now": True}, 12, None)
    assert not response.cookies


def test_a_members_shown_search_names_the_member_and_a_later_page_reuses_its_row(client, freelancer):
    client.force_login(freelancer, backend="django.contrib.auth.backends.ModelBackend")
    first = shown(client, SearchParams(q="welder"), 45).json()["search"]
    second_page = shown(client, SearchParams(q="welder", page=2), 45).json()["search"]

    assert first == second_page
    assert SearchAnalytics.objects.get().member == freelancer


def test_the_same_token_from_two_visitors_is_two_searches(client):
    token = services.record_token(SearchParams(q="welder"), 3)
    client.post(reverse("search:record"), {"token": token})
    client.post(reverse("search:record"), {"token": token})

    assert SearchAnalytics.objects.count() == 2


def test_the_token_is_the_same_for_every_visitor_of_a_search():
    """It is part of a page that caches share, so it holds no time and nothing of the visitor."""
    params = SearchParams(q="welder", category="construction")

    assert services.record_token(params, 7) == services.record_token(params, 7)
    assert services.record_token(params, 7) != services.record_token(params, 8)


@pytest.mark.parametrize("data", [
    {},
    {"token": "not-signed"},
    {"token": services.record_token(SearchParams(q="welder"), 3)[:-2] + "xx"},
    {"token": services.record_token(SearchParams(q="welder"), 3), "query": "injected"},
    {"token": "a" * 5000},
])
def test_the_record_beacon_refuses_a_token_it_did_not_sign_and_any_other_field(client, data):
    response = client.post(reverse("search:record"), data)

    assert response.status_code == 400
    assert not SearchAnalytics.objects.exists()


def test_the_record_beacon_takes_only_posts(client):
    assert client.get(reverse("search:record"), {"token": "x"}).status_code == 405


def test_a_click_records_its_position(client):
    search = searched("welder", results=30)

    response = click(client, search.pk, 3)

    assert response.status_code == 204 and response["Cache-Control"] == "no-store"
    search.refresh_from_db()
    assert search.clicked_position == 3 and search.clicked_at is not None


def test_only_the_first_click_of_a_search_is_recorded(client):
    search = searched("welder", results=30)

    click(client, search.pk, 2)
    response = click(client, search.pk, 9)

    assert response.status_code == 204
    search.refresh_from_db()
    assert search.clicked_position == 2


def test_a_position_beyond_the_results_is_not_recorded(client):
    search = searched("welder", results=4)

    assert click(client, search.pk, 5).status_code == 204
    search.refresh_from_db()
    assert search.clicked_position is None


@pytest.mark.parametrize("search_id, position, extra", [
    ("not-a-uuid", 1, {}),
    (None, "first", {}),
    (None, 1, {"to": "https://evil.example"}),
])
def test_the_click_beacon_refuses_anything_but_a_search_id_and_a_position(client, search_id, position, extra):
    search = searched("welder", results=30)

    response = click(client, search_id or search.pk, position, **extra)

    assert response.status_code == 400
    search.refresh_from_db()
    assert search.clicked_position is None


def test_a_click_on_an_unknown_search_records_nothing(client):
    assert click(client, "0b7f3c1e-2f9a-4e55-9a47-0d1c1f2a3b4c", 1).status_code == 204
    assert not SearchAnalytics.objects.exists()


def test_result_links_go_straight_to_the_profiles_and_the_page_says_its_first_position(freelancer):
    profile = freelancer.profile
    profile.skill_tags, profile.verified_skill_ids, profile.distance_km = [], set(), None
    profile.rating_average, profile.rating_count = None, 0
    results = SearchResults(profiles=[profile, profile], total=45, page=2, num_pages=3)
    form = SearchForm(QueryDict("q=welder&page=2"))

    page = ResultsPage(base_url="/en/freelancers/", form=form, params=form.to_params(), results=results)

    assert [card.href for card in page.cards] == [profile.get_absolute_url()] * 2
    assert page.first_position == 21
    assert page.record_token == services.record_token(SearchParams(q="welder", page=2), 45)


# The nightly summary


MONDAY = datetime.date(2026, 11, 16)


def test_the_summary_counts_queries_per_day_and_week_and_flags_the_ones_that_never_found_anything():
    tuesday = MONDAY + datetime.timedelta(days=1)
    for _ in range(3):
        searched("welder", when=at(tuesday))
    searched("welder", results=0, when=at(tuesday, 9), clicked=None)
    searched("welder", when=at(tuesday, 10), clicked=2)
    searched("underwater welder", results=0, when=at(tuesday))
    searched("underwater welder", results=0, when=at(tuesday, 23))
    searched("carpenter", when=at(MONDAY))  # same week, another day
    searched("welder", when=at(tuesday - datetime.timedelta(days=7)))  # the week before

    counts = services.popular_searches_aggregate(day=tuesday)

    assert counts == {"day": 2, "week": 3}
    day = {row.query: row for row in PopularSearch.objects.filter(period=Period.DAY, period_start=tuesday)}
    assert (day["welder"].search_count, day["welder"].zero_result_count, day["welder"].click_count) == (5, 1, 1)
    assert not day["welder"].zero_results
    assert (day["underwater welder"].search_count, day["underwater welder"].zero_result_count) == (2, 2)
    assert day["underwater welder"].zero_results
    week = {row.query: row.search_count for row in PopularSearch.objects.filter(period=Period.WEEK)}
    assert week == {"welder": 5, "underwater welder": 2, "carpenter": 1}
    assert PopularSearch.objects.filter(period=Period.WEEK).get(query="carpenter").period_start == MONDAY


def test_the_summary_is_idempotent_and_catches_up_with_later_searches():
    tuesday = MONDAY + datetime.timedelta(days=1)
    searched("welder", when=at(tuesday))
    searched("welder", when=at(tuesday))

    services.popular_searches_aggregate(day=tuesday)
    services.popular_searches_aggregate(day=tuesday)

    assert PopularSearch.objects.filter(period=Period.DAY).count() == 1
    assert PopularSearch.objects.get(period=Period.DAY).search_count == 2

    searched("welder", results=0, when=at(tuesday))
    searched("welder", when=at(tuesday + datetime.timedelta(days=1)))
    services.popular_searches_aggregate(day=tuesday)

    assert PopularSearch.objects.get(period=Period.DAY, period_start=tuesday).search_count == 3
    assert PopularSearch.objects.get(period=Period.DAY, period_start=tuesday).zero_result_count == 1
    assert PopularSearch.objects.get(period=Period.WEEK).search_count == 4
    assert PopularSearch.objects.count() == 2


def test_days_follow_local_midnight_not_utc():
    tuesday = MONDAY + datetime.timedelta(days=1)
    searched("late", when=at(tuesday, 0) + datetime.timedelta(minutes=30))  # 23:30 UTC on Monday

    services.popular_searches_aggregate(day=tuesday)

    assert PopularSearch.objects.filter(period=Period.DAY, period_start=tuesday, query="late").exists()


def test_the_nightly_task_summarises_yesterday_and_drops_searches_past_retention():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    searched("welder", when=at(yesterday))
    old = searched("welder", when=timezone.now() - datetime.timedelta(days=services.RETENTION_DAYS + 2))

    result = tasks.summarise_searches.call_local()

    assert result["purged"] == 1
    assert not SearchAnalytics.objects.filter(pk=old.pk).exists()
    assert PopularSearch.objects.filter(period=Period.DAY, period_start=yesterday, query="welder").exists()


def test_click_positions_are_bucketed_for_the_week():
    this_week = selectors.week_start(timezone.localdate())
    for position in (1, 1, 2, 4, 12, 30):
        searched("welder", results=40, clicked=position)
    searched("welder")

    clicks = selectors.click_positions(week=this_week)

    assert (clicks["searches"], clicks["clicked"], clicks["without_click"]) == (7, 6, 1)
    buckets = {str(label): count for label, count, _share in clicks["buckets"]}
    assert buckets == {"1": 2, "2": 1, "3": 0, "4–5": 1, "6–10": 0, "11–20": 1, "21 or later": 1}


# The report


def test_editors_read_the_search_report_with_todays_searches_counted_live(make_staff, logged_in):
    """This week is counted from the searches themselves: nothing waits for the nightly summary
    (whose rows for this week, stale, are not what the report shows)."""
    this_week = selectors.week_start(timezone.localdate())
    PopularSearch.objects.create(period=Period.WEEK, period_start=this_week, query="stale summary",
                                 search_count=9, zero_result_count=9, click_count=0, zero_results=True)
    for _ in range(3):
        searched("rope access technician", results=0)
    searched("welder", results=40, clicked=1)
    searched("welder", results=40)

    response = logged_in(make_staff()).get(REPORT)

    assert response.status_code == 200
    html = response.content.decode()
    assert "rope access technician" in html and "welder" in html and "stale summary" not in html
    assert "Queries without results" in html and "Position of the first result opened" in html
    assert "1 of 5 searches led to a profile." in html
    assert "counted live, today" in html


def test_editors_download_the_weeks_queries_as_csv(make_staff, logged_in):
    this_week = selectors.week_start(timezone.localdate())
    searched("welder", results=40, clicked=2)
    searched("welder", results=40)
    searched("=HYPERLINK(1)", results=0)

    response = logged_in(make_staff()).get(REPORT, {"week": this_week.isoformat(), "export": "csv"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert f"search-report-{this_week.isoformat()}.csv" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "week,query,searches,without_results,with_a_click"
    assert f"{this_week.isoformat()},welder,2,0,1" in lines
    assert f"{this_week.isoformat()},'=hyperlink(1),1,1,0" in lines or \
        f"{this_week.isoformat()},'=HYPERLINK(1),1,1,0" in lines


def test_the_report_is_in_the_reports_menu_for_editors(make_staff, logged_in):
    response = logged_in(make_staff()).get("/admin/")

    assert REPORT in response.content.decode()


def test_an_older_week_is_shown_when_asked_for_and_nonsense_falls_back_to_this_week(make_staff, logged_in):
    this_week = selectors.week_start(timezone.localdate())
    last_week = this_week - datetime.timedelta(days=7)
    PopularSearch.objects.create(period=Period.WEEK, period_start=last_week, query="scaffolder",
                                 search_count=3, zero_result_count=0, click_count=1)
    PopularSearch.objects.create(period=Period.WEEK, period_start=this_week, query="roofer",
                                 search_count=2, zero_result_count=0, click_count=0)
    client = logged_in(make_staff())

    assert "scaffolder" in client.get(REPORT, {"week": last_week.isoformat()}).content.decode()
    assert "scaffolder" not in client.get(REPORT, {"week": "1999-01-04"}).content.decode()
    assert client.get(REPORT, {"week": "not a date"}).status_code == 200


def test_freelancers_and_staff_without_the_permission_are_refused_the_report(freelancer, make_staff, logged_in):
    assert logged_in(freelancer).get(REPORT).status_code == 403

    staff = make_staff(groups=())
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    staff = User.objects.get(pk=staff.pk)
    response = logged_in(staff).get(REPORT)

    assert response.status_code == 403
    assert REPORT not in logged_in(staff).get("/admin/").content.decode()


def test_visitors_are_sent_to_log_in_for_the_report(client):
    response = client.get(REPORT)

    assert response.status_code == 302 and "login" in response["Location"]
