"""Reading /metrics in tests: the token the tests set, a scrape with it and one sample of the scrape."""

import re

TOKEN = "metrics-token-for-tests-0123456789abcdef"


def scrape(client, **extra):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)


def sample(text: str, name: str, labels: str = "") -> float:
    match = re.search(rf"^{re.escape(name + labels)} (\S+)$", text, re.M)
    assert match, f"{name}{labels} not in the scrape"
    return float(match.group(1))
