#!/usr/bin/env bash
# `make test`: sets up the venv, then runs the whole pytest suite. Arguments go to pytest.
# DATABASE_URL picks the database (SQLite when unset); pytest-django creates test_<name>.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VALUND_VENV:-$ROOT/.venv}"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
# Chromium, Java and the npm judges for tests/browser (installed when missing and possible).
"$ROOT/scripts/browser-deps.sh"

# pytest-django prefers DJANGO_SETTINGS_MODULE from the environment over pyproject.toml's
# valund.settings.test; a shell left set up for production or dev must not leak in.
unset DJANGO_SETTINGS_MODULE
# One pytest worker per core (pytest-xdist); VALUND_TEST_WORKERS=0 runs everything in one process.
# loadgroup hands the tests out in pytest-django's order (transactional tests, which empty the
# database when they end, after the others), except those marked xdist_group, which share a
# worker. Not loadscope: whole modules in any order let a transactional module empty the
# database (Wagtail's root page, the groups) before another module's tests that need it.
exec "$VENV/bin/pytest" -n "${VALUND_TEST_WORKERS:-auto}" --dist loadgroup "$@"
