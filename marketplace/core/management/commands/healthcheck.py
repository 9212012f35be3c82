"""`manage.py healthcheck`: is this configuration fit to run, and does every service answer?

Checks the settings (secret key, hosts, debug, HTTPS, Redis, Stripe keys, metrics token,
Sentry), then the services a request needs (database and its migrations, cache, storages,
Huey's queue), prints each finding with how to fix it, and exits 1 when anything is wrong.
Warnings (things that work but should not stay so) exit 0 unless --strict. scripts/health-check.sh
runs it with the production settings."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from marketplace.core import health

ERROR, WARNING, OK = "error", "warning", "ok"
STRIPE_PREFIXES = {
    "STRIPE_SECRET_KEY": ("sk_live_", "sk_test_", "rk_live_", "rk_test_"),
    "STRIPE_PUBLISHABLE_KEY": ("pk_live_", "pk_test_"),
    "STRIPE_WEBHOOK_SECRET": ("whsec_",),
}
SERVICE_HINTS = {
    "database": "Check DATABASE_URL (host, port, name, user, password) and that the database server runs and "
                "accepts connections from here.",
    "cache": "Check REDIS_URL and that Redis runs (redis-cli -u \"$REDIS_URL\" ping).",
    "storage": "Check the media folders are writable by this user (MEDIA_ROOT, PRIVATE_MEDIA_ROOT), or the buckets "
               "(AWS_STORAGE_BUCKET_NAME, AWS_PRIVATE_BUCKET_NAME) exist and the credentials may list them.",
    "queue": "Check Huey's queue: REDIS_URL (or HUEY_DATABASE_URL, or VALUND_VAR_DIR writable for the SQLite queue).",
}


@dataclass
class Finding:
    level: str
    name: str
    message: str
    hint: str = ""


def _production() -> bool:
    return not settings.DEBUG and settings.SETTINGS_MODULE.endswith(".production")


def configuration_findings() -> list[Finding]:
    findings = []
    add = findings.append
    key = settings.SECRET_KEY
    if not key or key == settings.INSECURE_DEFAULT_SECRET_KEY or len(key) < 50:
        add(Finding(ERROR if _production() else WARNING, "SECRET_KEY",
                    "missing, the development default, or shorter than 50 characters",
                    "Set SECRET_KEY to: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"))
    else:
        add(Finding(OK, "SECRET_KEY", "set"))

    if _production() or not settings.DEBUG:
        hosts = settings.ALLOWED_HOSTS
        if not hosts or "*" in hosts:
            add(Finding(ERROR, "ALLOWED_HOSTS", f"{hosts!r} lets any Host header through, or none",
                        "Set ALLOWED_HOSTS to the site's host names, comma-separated."))
        else:
            add(Finding(OK, "ALLOWED_HOSTS", ", ".join(hosts)))
    if settings.SETTINGS_MODULE.endswith(".production"):
        if settings.DEBUG:
            add(Finding(ERROR, "DEBUG", "on in production: error pages show code and settings",
                        "Unset DEBUG (or DEBUG=0)."))
        if not settings.SITE_URL.startswith("https://"):
            add(Finding(WARNING, "SITE_URL", f"{settings.SITE_URL} is not HTTPS: links in emails will be",
                        "Set SITE_URL=https://<your host>."))
        if not settings.REDIS_URL:
            add(Finding(WARNING, "REDIS_URL", "not set: each process has its own cache and rate limits",
                        "Set REDIS_URL=redis://host:6379/0 (required with more than one web process)."))
        if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
            add(Finding(WARNING, "EMAIL_HOST", "not set: emails only go to the log",
                        "Set EMAIL_HOST and friends (see .env.example)."))

    findings.extend(_stripe_findings())
    if settings.METRICS_TOKEN and len(settings.METRICS_TOKEN) < 32:
        add(Finding(ERROR, "METRICS_TOKEN", "shorter than 32 characters",
                    "Set METRICS_TOKEN to: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"))
    if settings.SENTRY_DSN:  # a malformed one stops the settings from loading
        add(Finding(OK, "SENTRY_DSN", f"errors go to {urlsplit(settings.SENTRY_DSN).hostname}"))
    else:
        add(Finding(WARNING if _production() else OK, "SENTRY_DSN", "not set: errors are only logged",
                    "Set SENTRY_DSN to report errors to Sentry (optional)."))
    return findings


def _stripe_findings() -> list[Finding]:
    findings = []
    values = {name: getattr(settings, name) for name in STRIPE_PREFIXES}
    if not any(values.values()):
        return [Finding(OK, "Stripe", "no keys: payments are simulated")]
    for name, value in values.items():
        if not value:
            findings.append(Finding(ERROR, name, "missing while other Stripe keys are set",
                                    f"Set {name} from the Stripe dashboard (Developers → API keys / Webhooks)."))
        elif not value.startswith(STRIPE_PREFIXES[name]) or not re.fullmatch(r"[A-Za-z0-9_]+", value):
            expected = " or ".join(STRIPE_PREFIXES[name])
            findings.append(Finding(ERROR, name, f"does not look like a Stripe key ({expected}…)",
                                    f"Copy {name} again from the Stripe dashboard, without quotes or spaces."))
    modes = {("live" if "_live_" in value else "test") for name, value in values.items()
             if value and name != "STRIPE_WEBHOOK_SECRET"}
    if len(modes) > 1:
        findings.append(Finding(ERROR, "Stripe", "live and test keys mixed",
                                "Use the secret and publishable keys of the same mode."))
    if not findings:
        findings.append(Finding(OK, "Stripe", f"{modes.pop()} keys"))
    return findings


def service_findings() -> list[Finding]:
    findings = []
    for result in health.run_checks():
        if result.ok:
            findings.append(Finding(OK, result.name, f"answers ({result.ms:.0f} ms)"))
        else:
            message = f"{type(result.error).__name__}: {result.error}".strip().splitlines()[0]
            findings.append(Finding(ERROR, result.name, message, SERVICE_HINTS[result.name]))
        if result.name == "database" and result.ok:
            findings.append(_migration_finding())
    return findings


def _migration_finding() -> Finding:
    executor = MigrationExecutor(connections["default"])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return Finding(ERROR, "migrations", f"{len(pending)} not applied",
                       "Run: python manage.py migrate (the Procfile's release process does this on deploy).")
    return Finding(OK, "migrations", "all applied")


class Command(BaseCommand):
    help = "Check the configuration and every service; exit 1 when something is wrong."

    def add_arguments(self, parser):
        parser.add_argument("--strict", action="store_true", help="Exit 1 on warnings too.")

    def handle(self, *args, strict=False, **options):
        self.stdout.write(f"Valund health check ({settings.SETTINGS_MODULE})")
        findings = configuration_findings() + service_findings()
        styles = {OK: self.style.SUCCESS, WARNING: self.style.WARNING, ERROR: self.style.ERROR}
        for finding in findings:
            label = {OK: "ok", WARNING: "WARNING", ERROR: "PROBLEM"}[finding.level]
            self.stdout.write(f"  {styles[finding.level](f'{label:<8}')} {finding.name}: {finding.message}")
            if finding.hint:
                self.stdout.write(f"           → {finding.hint}")
        errors = sum(f.level == ERROR for f in findings)
        warnings = sum(f.level == WARNING for f in findings)
        if errors or (strict and warnings):
            raise CommandError(f"{errors} problem(s), {warnings} warning(s).")
        self.stdout.write(self.style.SUCCESS(f"All good ({warnings} warning(s))."))
