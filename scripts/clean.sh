#!/usr/bin/env bash
# `make clean`: removes what setup and the tools build (virtual environments, collected static
# files, caches). Keeps your data unless given --data: then the SQLite database, the Huey
# queue (var/) and uploaded media go too, and the next `make run` starts from a fresh demo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

rm -rf "${VALUND_VENV:-.venv}" .ci/.venv staticfiles .pytest_cache .ruff_cache
find . -name __pycache__ -type d -prune -exec rm -rf {} +
if [ "${1:-}" = "--data" ]; then
    rm -rf db.sqlite3 db.sqlite3-shm db.sqlite3-wal var media
fi
