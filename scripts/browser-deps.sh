#!/usr/bin/env bash
# What the browser tests (tests/browser) need beyond requirements.txt: Debian's Chromium, Java
# for the Nu HTML Checker, and the judges from npm (axe-core, vnu-jar; pinned in
# tests/browser/package.json and package-lock.json); and nginx, which tests/production runs with
# deploy/nginx.conf in front of gunicorn. Installs what is missing when it can (as
# root for apt-get) and otherwise says what to install; cheap when everything is there. The
# browser tests skip with the same message on a developer's machine and fail in CI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JUDGES="$ROOT/tests/browser"
say() { printf '==> %s\n' "$*" >&2; }

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || packages+=(nginx)
if [ "${#packages[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "Installing ${packages[*]} from Debian for the browser tests"
        apt-get install -y -qq "${packages[@]}" >/dev/null ||
            { apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null; }
    else
        say "The browser tests need: ${packages[*]} (sudo apt-get install -y ${packages[*]}); they will be skipped"
    fi
fi

stamp="$JUDGES/node_modules/.valund-lock.sha256"
if command -v npm >/dev/null 2>&1; then
    wanted="$(sha256sum "$JUDGES/package-lock.json" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
        say "Installing axe-core and vnu-jar into tests/browser/node_modules (npm ci)"
        # --ignore-scripts: vnu-jar's own install step would fetch a Java runtime; the machine's is used.
        npm ci --prefix "$JUDGES" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
        echo "$wanted" >"$stamp"
    fi
else
    say "The browser tests need Node.js and npm for axe-core and vnu-jar; they will be skipped"
fi
