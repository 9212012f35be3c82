#!/usr/bin/env bash
# Checks this machine's Valund configuration and every service it needs, says what is wrong and
# how to fix it, and exits non-zero on any problem. For a server, before and after a deploy:
#
#   scripts/health-check.sh             # production settings (DJANGO_SETTINGS_MODULE to change)
#   scripts/health-check.sh --strict    # warnings count as problems too
#
# It reads the environment as the processes do; with a .env file: honcho run scripts/health-check.sh
# The work is done by `manage.py healthcheck` (settings, database and migrations, cache, storage,
# Huey's queue, Stripe keys) and Django's `check --deploy` (HTTPS, cookies, HSTS).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VALUND_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
cd "$ROOT"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-valund.settings.production}"
LOG="$(mktemp "${TMPDIR:-/tmp}/valund-health.XXXXXX")"
trap 'rm -f "$LOG"' EXIT

if [ ! -x "$PY" ]; then
    echo "PROBLEM  no virtual environment at $VENV"
    echo "         → run scripts/setup.sh (or set VALUND_VENV to where it is)"
    exit 1
fi

# Settings that refuse to load (production's missing SECRET_KEY or REDIS_URL) explain themselves
# in one line; anything else shows the end of the traceback.
explain_failure() {
    if grep -q "ImproperlyConfigured" "$LOG"; then
        echo "PROBLEM  settings ($DJANGO_SETTINGS_MODULE) refuse to load:"
        grep -h "ImproperlyConfigured" "$LOG" | tail -n 1 | sed 's/^.*ImproperlyConfigured: /         → /'
    else
        tail -n 20 "$LOG"
    fi
}

status=0
if "$PY" manage.py healthcheck "$@" >"$LOG" 2>&1; then
    cat "$LOG"
else
    if grep -q "^Valund health check" "$LOG"; then
        cat "$LOG"
    else
        explain_failure
    fi
    status=1
fi

if [[ "$DJANGO_SETTINGS_MODULE" == *.production ]] && [ "$status" -eq 0 ]; then
    echo "Django's deployment checks (check --deploy):"
    if "$PY" manage.py check --deploy --fail-level WARNING >"$LOG" 2>&1; then
        echo "  ok       no warnings"
    else
        sed 's/^/  /' "$LOG"
        echo "           → see https://docs.djangoproject.com/en/6.0/howto/deployment/checklist/"
        status=1
    fi
fi

if [ "$status" -ne 0 ]; then
    echo "Health check FAILED: fix the problems above and run it again."
else
    echo "Health check passed."
fi
exit "$status"
