"""The whole production chain for real: Debian's nginx with deploy/nginx.conf (TLS, rate limits)
-> Debian's Varnish with deploy/varnish.vcl -> the site (a live server, behind a relay this test
can switch off). Both files are used as they ship, with only their ports, certificate, media
folder and log file pointed at this test's (_nginx_conf), so the test fails when they drift.

A visitor's page is a MISS then a HIT through nginx; a member's page is never cached; a publish
purges through the chain (the page a MISS again, an unrelated one still a HIT); static files are
served; pages are compressed for whoever accepts it; the visitor's address and the scheme reach
the site as VALUND_TRUSTED_PROXIES=2 expects (a forged X-Forwarded-For is dropped); while the
site is down nginx still gets the public page from Varnish (stale-if-error).

Needs nginx and varnishd (apt-get install nginx-light varnish; .ci/run installs both): skipped
without them on a developer's machine, failed in CI (CI=true)."""

import datetime
import gzip
import http.client
import os
import re
import shutil
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.handlers.wsgi import WSGIRequest
from django.test import Client
from wagtail.models import Page

from marketplace.accounts.models import User
from marketplace.core.http import client_ip
from pages.models import StandardPage
from tests.production import test_varnish
from tests.production.test_varnish import _free_port, _wait_for

# The Varnish test's fixtures: its proxy (varnishd, start_proxy), the relay before the site, the page tree.
varnishd, start_proxy = test_varnish.varnishd, test_varnish.start_proxy
relay, world = test_varnish.relay, test_varnish.world

DEPLOY_NGINX = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
VISITOR = "127.0.0.2"  # the visitor's own address: loopback, but not the proxies' 127.0.0.1

pytestmark = pytest.mark.django_db(transaction=True)


def _nginx_conf(*, varnish_port: int, http_port: int, https_port: int, workdir: Path) -> str:
    """deploy/nginx.conf with this test's ports, certificate, media folder and log."""
    conf = DEPLOY_NGINX.read_text()
    for pattern, replacement in [
        (r"server 127\.0\.0\.1:6081 ", f"server 127.0.0.1:{varnish_port} "),
        (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
        (r"listen \[::\]:80;\n", ""),
        (r"listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl"),
        (r"listen \[::\]:443 ssl[^;]*;\n", ""),
        (r"/etc/letsencrypt/live/valund\.example/fullchain\.pem", str(workdir / "cert.pem")),
        (r"/etc/letsencrypt/live/valund\.example/privkey\.pem", str(workdir / "key.pem")),
        (r"/srv/valund/media/", f"{workdir / 'media'}/"),
        (r"/var/log/nginx/valund\.access\.log", str(workdir / "access.log")),
    ]:
        conf, found = re.subn(pattern, lambda _match, new=replacement: new, conf)
        assert found, f"deploy/nginx.conf no longer has {pattern!r}: update this test with it"
    return conf


def _main_conf(workdir: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf gives the file it includes from conf.d (MIME types,
    gzip on), with every path in this test's folder."""
    temp = "\n".join(f"    {kind}_temp_path {workdir / kind};" for kind in TEMP_PATHS)
    return f"""worker_processes 1;
pid {workdir / 'nginx.pid'};
error_log {workdir / 'error.log'} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    gzip on;
{temp}
    include {workdir / 'valund.conf'};
}}
"""


def _self_signed(workdir: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "valund.example")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (workdir / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (workdir / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


@pytest.fixture
def start_chain(start_proxy, settings):
    """nginx in front of a new Varnish (start_proxy's, `ttl` as there); the site trusts the two
    proxies' X-Forwarded-For entries, as production's VALUND_TRUSTED_PROXIES=2."""
    if not Path(NGINX).exists():
        message = "the chain test needs nginx (apt-get install nginx-light; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    settings.VALUND_TRUSTED_PROXIES = 2
    processes, workdirs = [], []

    def start(*, ttl: int | None = None) -> dict:
        varnish = start_proxy(ttl=ttl)
        workdir = Path(tempfile.mkdtemp(prefix="valund-nginx-"))
        workdirs.append(workdir)
        workdir.chmod(0o755)  # nginx's workers (nobody when started as root) use the temp folders
        for kind in TEMP_PATHS:
            (workdir / kind).mkdir(mode=0o777)
            (workdir / kind).chmod(0o777)
        (workdir / "media").mkdir()
        _self_signed(workdir)
        ports = {"http": _free_port(), "https": _free_port()}
        (workdir / "valund.conf").write_text(_nginx_conf(
            varnish_port=int(varnish.rsplit(":", 1)[1]), http_port=ports["http"], https_port=ports["https"],
            workdir=workdir,
        ))
        (workdir / "nginx.conf").write_text(_main_conf(workdir))
        command = [NGINX, "-p", str(workdir), "-c", str(workdir / "nginx.conf"), "-g", "daemon off;"]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)  # noqa: S603
        assert checked.returncode == 0, f"nginx refuses deploy/nginx.conf:\n{checked.stderr}"
        processes.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # noqa: S603
        chain = {"port": ports["https"], "http_port": ports["http"], "varnish": varnish}
        _wait_for(lambda: _fetch(chain, "/robots.txt").status == 200, what="nginx to answer")
        return chain

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    for workdir in workdirs:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def chain(start_chain):
    return start_chain()


class _Answer:
    def __init__(self, status, headers, body: bytes):
        self.status, self.headers, self.raw = status, headers, body

    @property
    def body(self) -> str:
        data = gzip.decompress(self.raw) if self.headers.get("Content-Encoding") == "gzip" else self.raw
        return data.decode()

    @property
    def cache(self):
        return self.headers.get("X-Cache")


def _fetch(chain, path: str, *, source: str = "127.0.0.1", plain: bool = False, **headers) -> _Answer:
    """A request to nginx over HTTPS (its certificate is the test's own), from `source`."""
    if plain:
        connection = http.client.HTTPConnection("127.0.0.1", chain["http_port"], timeout=10, source_address=(source, 0))
    else:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", chain["port"], timeout=10, context=context, source_address=(source, 0)
        )
    try:
        connection.request("GET", path, headers={"Host": "localhost", **headers})
        response = connection.getresponse()
        return _Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


@pytest.fixture
def arrivals(live_server):
    """The WSGI environ of each request as it reaches the site, behind both proxies."""
    server = live_server.thread.httpd
    app, seen = server.get_app(), []

    def recording(environ, start_response):
        seen.append(dict(environ))
        return app(environ, start_response)

    server.set_app(recording)
    yield seen
    server.set_app(app)


def test_a_visitors_page_through_nginx_and_varnish_is_a_hit_and_a_publish_purges_it(chain, world):
    about = Page.objects.get(slug="about").specific
    team = about.add_child(instance=StandardPage(title="Team", slug="team", introduction="Who we are."))
    for path in ["/en/about/team/", world["profile"]]:
        answers = [_fetch(chain, path) for _ in range(2)]
        assert [(answer.status, answer.cache) for answer in answers] == [(200, "MISS"), (200, "HIT")], path
        assert "Set-Cookie" not in answers[1].headers and "public" in answers[1].headers["Cache-Control"]
        assert answers[1].headers["X-Content-Type-Options"] == "nosniff"  # Django's security headers pass through

    team.introduction = "Who we are now."
    team.save_revision().publish()  # the site purges Varnish (FRONTEND_CACHE_URL), not nginx

    page = _fetch(chain, "/en/about/team/")
    assert (page.cache, "Who we are now." in page.body) == ("MISS", True)
    assert _fetch(chain, "/en/about/team/").cache == "HIT"
    assert _fetch(chain, world["profile"]).cache == "HIT"  # not shown on the team page: kept


def test_a_members_page_through_the_chain_is_never_cached(chain, world, make_member):
    client = Client()
    client.force_login(make_member(User.Role.CLIENT), backend="django.contrib.auth.backends.ModelBackend")
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    assert [_fetch(chain, "/en/").cache for _ in range(2)] == ["MISS", "HIT"]

    answers = [_fetch(chain, "/en/", Cookie=cookie) for _ in range(2)]

    assert [answer.cache for answer in answers] == ["PASS", "PASS"]
    assert all("Log out" in answer.body and "private" in answer.headers["Cache-Control"] for answer in answers)
    visitor = _fetch(chain, "/en/")
    assert visitor.cache == "HIT" and "Log out" not in visitor.body


def test_static_files_compression_and_plain_http(chain, world):
    css = _fetch(chain, "/static/css/valund.css", **{"Accept-Encoding": "gzip"})
    assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    assert css.body == (Path(__file__).resolve().parents[2] / "static" / "css" / "valund.css").read_text()

    zipped = [_fetch(chain, world["profile"], **{"Accept-Encoding": "gzip"}) for _ in range(2)]
    plain = _fetch(chain, world["profile"])
    assert [answer.headers["Content-Encoding"] for answer in zipped] == ["gzip", "gzip"]
    assert len(zipped[1].raw) < len(plain.raw) / 2
    assert plain.headers.get("Content-Encoding") is None and plain.body == zipped[1].body
    assert "Accept-Encoding" in zipped[1].headers["Vary"]

    redirect = _fetch(chain, "/en/", plain=True)
    assert (redirect.status, redirect.headers["Location"]) == (301, "https://localhost/en/")
    assert _fetch(chain, "/healthz", plain=True).status == 200  # the load balancer's plain-HTTP probe


def test_the_visitors_address_scheme_and_request_id_reach_the_site(chain, world, arrivals, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as production's settings

    answer = _fetch(chain, "/accounts/login/", source=VISITOR, **{"X-Forwarded-For": "203.0.113.9"})

    assert answer.status == 200 and answer.cache == "PASS"
    environ = next(each for each in arrivals if each["PATH_INFO"] == "/accounts/login/")
    request = WSGIRequest(environ)
    # nginx overwrote the forged entry with the visitor's address; Varnish appended nginx's.
    assert environ["HTTP_X_FORWARDED_FOR"] == f"{VISITOR}, 127.0.0.1"
    assert client_ip(request) == VISITOR and request.is_secure()
    assert re.fullmatch(r"[0-9a-f]{32}", environ["HTTP_X_REQUEST_ID"])
    assert answer.headers["X-Request-ID"] == environ["HTTP_X_REQUEST_ID"]


def test_while_the_site_is_down_nginx_still_serves_the_public_page(start_chain, world, relay):
    chain = start_chain(ttl=1)
    assert _fetch(chain, world["profile"]).cache == "MISS"

    relay.stop()
    try:
        time.sleep(3.5)  # the copy is past its TTL, and Varnish's probe has found the site down
        assert _fetch(chain, "/accounts/login/").status == 503
        page = _fetch(chain, world["profile"])
        assert (page.status, page.cache) == (200, "HIT")
        assert int(page.headers["Age"]) >= 3 and "Certified welder" in page.body
    finally:
        relay.start()
