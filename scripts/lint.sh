#!/usr/bin/env bash
# `make lint`: ruff over the whole project (rules in pyproject.toml). Arguments go to ruff check.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VALUND_VENV:-$ROOT/.venv}"
cd "$ROOT"

"$ROOT/scripts/setup.sh"
exec "$VENV/bin/ruff" check "${@:-.}"
