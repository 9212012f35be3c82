#!/usr/bin/env bash
# Creates the virtual environment (.venv, or VALUND_VENV) with a suitable Python and installs
# requirements.txt into it. Reuses it when its Python is 3.12+ and requirements.txt has not
# changed since the last install (the stamp file in the venv holds its hash), so it is cheap
# to call before every command.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VALUND_VENV:-$ROOT/.venv}"
STAMP="$VENV/.valund-requirements.sha256"
REQUIREMENTS="$ROOT/requirements.txt"

say() { printf '==> %s\n' "$*" >&2; }

venv_python_ok() {
    [ -x "$VENV/bin/python" ] &&
        "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null
}

if ! venv_python_ok; then
    python="$("$ROOT/scripts/find-python.sh")"
    if [ -e "$VENV" ]; then
        say "Replacing $VENV: its Python is missing or older than 3.12"
        rm -rf "$VENV"
    fi
    say "Creating $VENV with $python ($("$python" -c 'import platform; print(platform.python_version())'))"
    "$python" -m venv "$VENV"
fi

wanted="$("$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$REQUIREMENTS")"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$wanted" ]; then
    say "Installing requirements.txt into $VENV (the first time takes a minute or two)"
    rm -f "$STAMP"
    "$VENV/bin/python" -m pip install -qq --disable-pip-version-check --no-input --progress-bar off \
        -r "$REQUIREMENTS"
    echo "$wanted" >"$STAMP"
fi

# The translation catalogues (locale/*/LC_MESSAGES/*.po) compiled to the .mo files Django reads,
# by the project's own pure-Python compiler: no GNU gettext needed (docs/i18n.md). Only those
# whose .po changed since; the .mo files are not in git.
(cd "$ROOT" && "$VENV/bin/python" -m marketplace.core.catalogues locale)
