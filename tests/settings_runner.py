"""Settings as a fresh interpreter sees them under exactly the environment a test names: nothing
leaks in from the developer's shell or from CI. Settings are evaluated once, at import, so each
call runs a new Python process."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET_KEY = secrets.token_urlsafe(48)
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "valund.settings.production",
    "SECRET_KEY": GOOD_SECRET_KEY,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "valund.example",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    # Only named, never connected to: checks under these settings need no database server.
    "DATABASE_URL": "postgres://valund@127.0.0.1:5432/valund",
    # The credentials' signing key production refuses to start without: made up for this run.
    "VALUND_VC_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
}
# Enough of the outer environment for Python to run, and nothing that settings read.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")

SETTINGS_AS_JSON = """
import json
from django.conf import settings as s

print(json.dumps({
    "debug": s.DEBUG,
    "installed_apps": s.INSTALLED_APPS,
    "database": s.DATABASES["default"],
    "huey": s.HUEY,
    "cache": s.CACHES["default"],
    "default_storage": s.STORAGES["default"],
    "private_storage": s.STORAGES["private"],
    "media_root": str(s.MEDIA_ROOT),
    "email_backend": s.EMAIL_BACKEND,
    "secure_proxy_ssl_header": s.SECURE_PROXY_SSL_HEADER,
    "secure_ssl_redirect": s.SECURE_SSL_REDIRECT,
    "session_cookie_secure": s.SESSION_COOKIE_SECURE,
}, default=str))
"""


def run(args, env):
    full_env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    full_env.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter with arguments written here
        [sys.executable, *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def settings_under(env, module="valund.settings.base"):
    result = run(["-c", SETTINGS_AS_JSON], {"DJANGO_SETTINGS_MODULE": module, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
