#!/usr/bin/env bash
# `make run`: sets up the venv, migrates, collects static files, seeds the demo data (safe to
# repeat), then runs the web server and the Huey worker together (Procfile.dev, via honcho).
# PORT picks the port (default 8000) and, unless SITE_URL is set, the site's address. A .env file, if there is one, is read by every step.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VALUND_VENV:-$ROOT/.venv}"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

export PATH="$VENV/bin:$PATH" VIRTUAL_ENV="$VENV" PYTHONUNBUFFERED=1
export PORT="${PORT:-8000}"
# Links made outside a request (emails from periodic jobs, the Wagtail admin's) name this port too.
export SITE_URL="${SITE_URL:-http://localhost:$PORT}"
SETTINGS=valund.settings.dev

if ! python -c 'import socket, sys; socket.create_server(("0.0.0.0", int(sys.argv[1])))' "$PORT" 2>/dev/null; then
    echo "Port $PORT is already in use: stop what runs there, or pick another port: PORT=8001 make run" >&2
    exit 1
fi

# `honcho run` reads .env the same way `honcho start` does, so setup and servers agree.
manage() { honcho run python manage.py "$@" --settings="$SETTINGS"; }

printf '==> Migrating the database\n'
manage migrate --noinput --verbosity 0
# Skipped when nothing it reads has changed since the last run (see static_fingerprint.py).
static_stamp="$ROOT/staticfiles/.valund-fingerprint"
fingerprint="$(python scripts/static_fingerprint.py "$ROOT")"
if [ -f "$ROOT/staticfiles/staticfiles.json" ] && [ "$(cat "$static_stamp" 2>/dev/null || true)" = "$fingerprint" ]; then
    printf '==> Static files are up to date\n'
else
    printf '==> Collecting static files\n'
    manage collectstatic --noinput --verbosity 0
    echo "$fingerprint" >"$static_stamp"
fi
printf '==> Seeding demo data\n'
manage seed_demo --documents

cat <<EOF

==> Valund is starting on http://localhost:$PORT/
    Wagtail admin:  http://localhost:$PORT/admin/
    Log in with one of the demo accounts listed above. Ctrl-C stops the web server and the worker.

EOF
# honcho hands the first port to the first process, web (the worker gets PORT+100 and ignores it).
exec honcho --procfile Procfile.dev start --port "$PORT"
