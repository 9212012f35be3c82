"""Public media on local storage (no S3) in production: served, and only what is public.

Which folders of the default storage are public is one list, settings.PUBLIC_MEDIA_FOLDERS. Every
file field of every model is walked: its files are private (their own storage, outside
MEDIA_ROOT), in a public folder, or in a folder that a checked view serves (Wagtail's documents).
Then the deployment for real: the production settings in gunicorn, alone (a Procfile on one host)
and behind the real nginx running deploy/nginx.conf, answer an uploaded avatar with 200 and safe
headers, and refuse everything else under /media/."""

import io
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from PIL import Image

from marketplace.accounts import services as account_services
from marketplace.core.storage import private_storage
from tests.settings_runner import PRODUCTION, run

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Folders of the default storage that are not public, and what serves their files instead.
NOT_PUBLIC = {
    "documents": "Wagtail's document view, which checks the collection's privacy",
    "wagtail_uploads": "Wagtail's unfinished multiple uploads, seen only through the admin",
}


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (40, 120, 200)).save(out, format="JPEG")
    return SimpleUploadedFile("me.jpg", out.getvalue(), content_type="image/jpeg")


def file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


# --- Which files are public --------------------------------------------------------------------


def test_every_file_field_is_private_public_or_served_by_a_checked_view():
    public = set(django_settings.PUBLIC_MEDIA_FOLDERS)
    problems = []
    for model, field in file_fields():
        label = f"{model._meta.label}.{field.name}"
        if getattr(field, "_storage_callable", None) is private_storage:
            continue
        if field.storage is not default_storage and getattr(field, "_storage_callable", None) is None:
            problems.append(f"{label}: a storage of its own that nobody decided about")
            continue
        folder = field.generate_filename(model(), "probe.jpg").split("/", 1)[0]
        if folder not in public | set(NOT_PUBLIC):
            problems.append(f"{label}: files in {folder}/ of the default storage; add the folder to "
                            f"PUBLIC_MEDIA_FOLDERS if anyone may read them, else to NOT_PUBLIC here")
    assert not problems, "\n".join(problems)
    assert not public & set(NOT_PUBLIC)


def test_nginx_serves_the_same_public_folders_as_django():
    sample = (ROOT / "deploy" / "nginx.conf").read_text()
    [folders] = re.findall(r"location ~ \^/media/\(\(\?:([\w|]+)\)/", sample)

    assert sorted(folders.split("|")) == sorted(django_settings.PUBLIC_MEDIA_FOLDERS)


def test_production_refuses_private_files_inside_the_public_media_folder(tmp_path):
    media = tmp_path / "media"
    for private in (media / "private", media, tmp_path):
        result = run(["-c", "import django; django.setup()"],
                     {**PRODUCTION, "MEDIA_ROOT": str(media), "PRIVATE_MEDIA_ROOT": str(private)})

        assert result.returncode != 0, private
        assert "PRIVATE_MEDIA_ROOT" in result.stderr

    apart = run(["-c", "import django; django.setup()"],
                {**PRODUCTION, "MEDIA_ROOT": str(media), "PRIVATE_MEDIA_ROOT": str(tmp_path / "private")})
    assert apart.returncode == 0, apart.stderr


# --- Django serves public media itself (gunicorn alone) ----------------------------------------


@pytest.fixture
def avatar(freelancer):
    return account_services.profile_update(actor=freelancer, profile=freelancer.profile, data={}, avatar=photo())


def assert_safe_media_headers(headers):
    assert headers["X-Content-Type-Options"] == "nosniff"
    # An uploaded file opened on its own cannot run a script or load anything, whatever it is.
    policy = headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy


def test_an_avatar_is_served_with_safe_headers(client, avatar):
    response = client.get(avatar.avatar.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == avatar.avatar.open("rb").read()
    assert_safe_media_headers(response)


def test_nothing_but_public_folders_is_served(client, avatar, settings, make_document, freelancer):
    document = make_document(freelancer)
    media = Path(settings.MEDIA_ROOT)
    (media / "documents").mkdir(exist_ok=True)
    (media / "documents" / "restricted.pdf").write_bytes(b"%PDF-1.4 private")
    (media / "secret.txt").write_text("not in a public folder")
    private_name = document.current_version.file.name
    avatar_path = avatar.avatar.url.removeprefix(settings.MEDIA_URL)

    refused = [
        "/media/documents/restricted.pdf", "/media/secret.txt", f"/media/{private_name}",
        "/media/avatars/", "/media/avatars/%2e%2e/secret.txt", "/media/avatars/..%2fsecret.txt",
        "/media/avatars/../documents/restricted.pdf", f"/media/{avatar_path}/..%2f..%2f..%2fsecret.txt",
    ]
    for url in refused:
        assert client.get(url).status_code == 404, url
    assert client.post(avatar.avatar.url).status_code == 405


def test_nothing_is_served_from_disk_when_media_are_on_s3(client, avatar, settings):
    url = avatar.avatar.url
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "valund-unused", "querystring_auth": False}}}

    assert client.get(url).status_code == 404


# --- The deployment for real: production settings in gunicorn, nginx in front ------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}:\n{log.read_text()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"nothing answers on {port}:\n{log.read_text()}")


def fetch(url: str, host: str):
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})  # noqa: S310
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:  # noqa: S310 - ours
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def gunicorn(tmp_path, settings):
    """The Procfile's web process with the production settings and local storage: MEDIA_ROOT is
    this test's, so files stored here are the ones it serves."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ}
    env.update(PRODUCTION, ALLOWED_HOSTS="valund.example,127.0.0.1", MEDIA_ROOT=str(settings.MEDIA_ROOT),
               PRIVATE_MEDIA_ROOT=str(tmp_path / "private"), DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
               PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prometheus"), VALUND_ALLOW_LOCAL_CACHE="1")
    env.pop("REDIS_URL")
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn, arguments written here
            [str(Path(sys.executable).parent / "gunicorn"), "valund.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, log)
        yield {"port": port, "url": f"http://127.0.0.1:{port}"}
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_alone_serves_an_uploaded_avatar(gunicorn, avatar):
    status, headers, body = fetch(gunicorn["url"] + avatar.avatar.url, "valund.example")

    assert status == 200
    assert body == avatar.avatar.open("rb").read()
    assert_safe_media_headers(headers)
    # What it refuses is checked above, through the same view (its 404 page needs collectstatic's
    # manifest, which this tree may not have).


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# What the sample's placeholders become here; each must be in the sample, so it cannot drift away.
SAMPLE_MEDIA_ROOT = "/srv/valund/media/"


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "valund.example")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now)
                   .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert, private


def nginx_version() -> tuple[int, ...]:
    result = subprocess.run([NGINX, "-v"], capture_output=True, text=True, check=True)  # noqa: S603
    return tuple(int(part) for part in result.stderr.strip().rsplit("/", 1)[1].split(".")[:3])


@pytest.fixture
def nginx(tmp_path, gunicorn, settings):
    """deploy/nginx.conf as it is, but for its addresses: ports, certificate, media folder, logs."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed: apt-get install nginx (scripts/browser-deps.sh does, as root)")
    cert, key = self_signed_certificate(tmp_path)
    http_port, https_port = free_port(), free_port()
    sample = (ROOT / "deploy" / "nginx.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:80;": "",
        "listen [::]:443 ssl http2;": "",
        # Straight to gunicorn, Varnish left out: this is about the media nginx serves itself.
        "server 127.0.0.1:6081": f"server 127.0.0.1:{gunicorn['port']}",
        "/etc/letsencrypt/live/valund.example/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/valund.example/privkey.pem": str(key),
        SAMPLE_MEDIA_ROOT: str(settings.MEDIA_ROOT).rstrip("/") + "/",
        "/var/log/nginx/valund.access.log": str(tmp_path / "access.log"),
    }
    if nginx_version() < (1, 25, 1):  # `http2 on;` is newer than Debian 12's nginx
        replacements["http2 on;"] = ""
    for placeholder, value in replacements.items():
        assert placeholder in sample, f"deploy/nginx.conf no longer has {placeholder!r}"
        sample = sample.replace(placeholder, value)
    (tmp_path / "valund.conf").write_text(sample)
    temp = tmp_path / "nginx-temp"
    temp.mkdir()
    main = tmp_path / "nginx.conf"
    main.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {tmp_path / "nginx.pid"};
error_log {tmp_path / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    include {tmp_path / "valund.conf"};
}}
""")
    checked = subprocess.run([NGINX, "-t", "-c", str(main), "-p", str(tmp_path)],  # noqa: S603
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    log = tmp_path / "nginx.log"
    with log.open("w") as out:
        process = subprocess.Popen([NGINX, "-c", str(main), "-p", str(tmp_path), "-g", "daemon off;"],  # noqa: S603
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(https_port, process, log)
        yield {"url": f"https://127.0.0.1:{https_port}"}
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_nginx_serves_an_uploaded_avatar_and_no_other_media(nginx, avatar, settings, make_document, freelancer):
    media = Path(settings.MEDIA_ROOT)
    (media / "documents").mkdir(exist_ok=True)
    (media / "documents" / "restricted.pdf").write_bytes(b"%PDF-1.4 private")
    (media / "avatars" / "page.html").write_bytes(b"<script>alert(1)</script>")
    private_name = make_document(freelancer).current_version.file.name

    status, headers, body = fetch(nginx["url"] + avatar.avatar.url, "valund.example")
    assert status == 200
    assert body == avatar.avatar.open("rb").read()
    assert headers["Content-Type"] == "image/jpeg"
    assert_safe_media_headers(headers)
    # Even a page that found its way into a public folder runs nothing.
    assert_safe_media_headers(fetch(nginx["url"] + "/media/avatars/page.html", "valund.example")[1])
    for url in ("/media/documents/restricted.pdf", f"/media/{private_name}", "/media/avatars/",
                "/media/avatars/../documents/restricted.pdf", "/media/avatars/%2e%2e/documents/restricted.pdf"):
        assert fetch(nginx["url"] + url, "valund.example")[0] == 404, url
    # The rest of the site still goes through to gunicorn.
    assert fetch(nginx["url"] + "/healthz", "valund.example")[0] == 200
