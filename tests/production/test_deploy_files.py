"""deploy/: the Grafana dashboard, the Prometheus scrape configuration and alerts load as they are,
and every metric they use is one that /metrics really serves; the nginx sample is consistent."""

import json
import re
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
TOKEN = "metrics-token-for-tests-0123456789abcdef"
PROMQL_FUNCTIONS = {
    "sum", "max", "min", "avg", "rate", "increase", "histogram_quantile", "topk", "by", "label_values", "count",
}


def served_metric_names(client, settings) -> set[str]:
    # Production's database backends register these; the test settings use Django's own.
    import django_prometheus.db.metrics  # noqa: F401

    settings.METRICS_TOKEN = TOKEN
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    names = set()
    for name, kind in re.findall(r"^# TYPE (\S+) (\S+)$", text, re.M):
        names.add(name)
        if kind == "counter":
            names.add(f"{name}_total")
        if kind == "histogram":
            names.update({f"{name}_bucket", f"{name}_count", f"{name}_sum"})
    return names


def metric_names_in(expression: str) -> set[str]:
    without_labels = re.sub(r"\{[^}]*\}", "", expression)
    without_ranges = re.sub(r"\[[^\]]*\]", "", without_labels)
    words = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", without_ranges))
    return {word for word in words if word.startswith(("django_", "valund_", "process_", "python_"))} - PROMQL_FUNCTIONS


def dashboard_expressions() -> list[str]:
    dashboard = json.loads((DEPLOY / "grafana-dashboard.json").read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]


def test_grafana_dashboard_is_importable_json():
    dashboard = json.loads((DEPLOY / "grafana-dashboard.json").read_text())

    assert dashboard["uid"] and dashboard["title"] == "Valund"
    assert {variable["name"] for variable in dashboard["templating"]["list"]} >= {"datasource", "job"}
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        assert set(panel["gridPos"]) == {"x", "y", "w", "h"}
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24


def test_prometheus_configuration_loads_and_scrapes_metrics_with_a_token():
    config = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())

    [job] = config["scrape_configs"]
    assert job["metrics_path"] == "/metrics"
    assert job["authorization"]["type"] == "Bearer"
    assert job["static_configs"][0]["targets"]
    assert config["rule_files"] == ["valund-alerts.yml"]
    rules = yaml.safe_load((DEPLOY / "valund-alerts.yml").read_text())
    assert all(rule["alert"] and rule["expr"] for group in rules["groups"] for rule in group["rules"])


@pytest.mark.django_db
def test_dashboard_and_alerts_use_only_metrics_that_exist(client, settings):
    served = served_metric_names(client, settings)
    rules = yaml.safe_load((DEPLOY / "valund-alerts.yml").read_text())
    expressions = dashboard_expressions() + [rule["expr"] for group in rules["groups"] for rule in group["rules"]]

    used = set().union(*(metric_names_in(expression) for expression in expressions))

    assert used, "no metric found in the expressions"
    assert used - served == set()


def test_nginx_sample_defines_every_zone_it_uses_and_passes_the_request_id():
    conf = (DEPLOY / "nginx.conf").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())

    defined = set(re.findall(r"limit_req_zone \S+ zone=(\w+):", code))
    used = set(re.findall(r"limit_req zone=(\w+)", code))
    assert used and used <= defined
    assert code.count("{") == code.count("}")
    assert "proxy_set_header X-Request-ID $request_id;" in code
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in code  # one trusted entry, never the client's
    assert re.search(r"location = /metrics \{ return 404; \}", code)
    assert "limit_req_status 429;" in code
