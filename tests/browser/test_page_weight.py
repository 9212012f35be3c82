"""Page weight on a first visit: the public profile of the demo freelancer and a search, each
loaded in a fresh browser context (empty cache, no cookies) from the production-like live
server (compressed static files, GZip'ed HTML). Every byte the browser fetched counts: the
compressed body plus the response headers, as DevTools' "transferred" column shows it. Each
page must stay under 100 KB and fetch nothing from any host but the site's own.

The figures go to test-artifacts/browser/page-weight.json and, with -s, to the terminal."""

import json
from urllib.parse import urlsplit

from marketplace.accounts.models import Profile
from marketplace.demo.logins import DEMO_FREELANCER
from marketplace.demo.seed import seed_demo

from .judges import ARTIFACTS

BUDGET = 100 * 1024
CSS_BUDGET = 40 * 1024  # static/css/valund.css, uncompressed
# Schemes that never reach the network (a data: URL is decoded by the browser itself).
LOCAL_SCHEMES = {"data", "blob", "about"}


def weigh(context, path: str) -> dict:
    """Load `path` in a new page of `context` and return every request it made with its
    transferred bytes: Playwright's request.sizes() (responseBodySize is the body as sent,
    compressed, and responseHeadersSize the headers), checked against Chromium's own count,
    encodedDataLength from the DevTools protocol."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls, encoded = {}, {}
    cdp.on("Network.requestWillBeSent", lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda event: encoded.__setitem__(event["requestId"], int(event["encodedDataLength"])))
    requests, finished, failed = [], [], []
    page.on("request", lambda request: requests.append(request))
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(request))

    page.goto(path, wait_until="networkidle")
    page.wait_for_load_state("networkidle")

    transferred = {}
    for request_id, size in encoded.items():
        url = urls.get(request_id)
        if url is not None:
            transferred[url] = transferred.get(url, 0) + size
    rows = []
    for request in finished:
        sizes = request.sizes()
        response = request.response()
        decoded = len(response.body()) if response is not None and request.method == "GET" else None
        encoding = response.headers.get("content-encoding", "") if response is not None else ""
        playwright_bytes = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        rows.append({
            "url": request.url,
            "type": request.resource_type,
            "status": response.status if response is not None else None,
            "content_encoding": encoding,
            "bytes": playwright_bytes,
            "devtools_bytes": transferred.get(request.url),
            "body_bytes_encoded": sizes["responseBodySize"],
            "header_bytes": sizes["responseHeadersSize"],
            "body_bytes_decoded": decoded,
        })
    page.close()
    return {
        "path": path,
        "requests": [request.url for request in requests],
        "failed": [request.url for request in failed],
        "rows": rows,
        "total": sum(row["bytes"] for row in rows),
    }


def report(results: list[dict]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    for result in results:
        print(f"\n{result['path']}: {result['total']:,} bytes transferred in {len(result['rows'])} requests "
              f"(budget {BUDGET:,})")
        for row in result["rows"]:
            encoding = row["content_encoding"] or "identity"
            print(f"  {row['bytes']:>8,}  {row['type']:<10} {encoding:<8} {row['url']}")


def test_first_visit_pages_are_light_and_self_hosted(site, browser_context):
    seed_demo(freelancers=12, clients=3, seed=2026, documents=True)
    profile = Profile.objects.get(user__email=DEMO_FREELANCER.email)
    paths = [profile.get_absolute_url(), "/en/freelancers/?q=welder"]
    own_host = urlsplit(site.url).netloc

    results = [weigh(browser_context(), path) for path in paths]  # a fresh context each: empty cache
    report(results)

    for result in results:
        path = result["path"]
        assert not result["failed"], f"{path}: requests failed: {result['failed']}"
        assert result["rows"] and result["rows"][0]["status"] == 200, f"{path}: the page did not load"
        foreign = [url for url in result["requests"]
                   if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != own_host]
        assert not foreign, f"{path}: requests to other hosts: {foreign}"
        for row in result["rows"]:
            # The sizes are the compressed ones (what came compressed weighs less than it
            # decodes to) and agree with what Chromium counted on the wire.
            if row["content_encoding"] and row["body_bytes_decoded"]:
                assert row["body_bytes_encoded"] < row["body_bytes_decoded"], row
            assert row["devtools_bytes"] in (None, row["bytes"]), row
        # The design system's own stylesheet stays small, and the pattern page's is for that page only.
        css = [row for row in result["rows"] if row["type"] == "stylesheet"]
        assert [urlsplit(row["url"]).path.split("/")[-1].split(".")[0] for row in css] == ["valund"], css
        assert css[0]["body_bytes_decoded"] < CSS_BUDGET, css
        assert result["total"] < BUDGET, (
            f"{path} weighs {result['total']:,} bytes on a first visit, over {BUDGET:,}: see page-weight.json")
