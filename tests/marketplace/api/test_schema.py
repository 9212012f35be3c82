"""The schema is generated from the code and valid, without a warning, and its readers are
served with their assets from our own static files."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_schema_is_generated_without_a_warning(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/freelancers/" in text and "/api/v1/bookings/{id}/time-logs/" in text
    assert "/admin/api/" not in text


def test_the_schema_is_served_as_openapi_3():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.0")
    assert schema["components"]["securitySchemes"]["accessToken"]["scheme"] == "bearer"


def test_swagger_ui_runs_under_the_sites_policy_with_our_own_assets():
    page = APIClient().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html and "<style>" not in html and "https://" not in html
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    script = APIClient().get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_redoc_alone_may_write_styles_and_start_its_worker():
    page = APIClient().get("/api/redoc/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert "<script>" not in html and "fonts.googleapis.com" not in html
    policy = page["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "worker-src 'self' blob:" in policy
    assert "'unsafe-inline'" not in APIClient().get("/api/docs/")["Content-Security-Policy"]
