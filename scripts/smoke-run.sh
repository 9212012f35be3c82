#!/usr/bin/env bash
# Proves the README's first command works: starts `make run` (scripts/run.sh) on a free port,
# waits until the site answers, checks the home page, the admin and a static file, prints how
# many seconds that took, then stops everything it started. Run it on a fresh clone (or after
# `make clean-data clean`) to measure a first start: venv, install, migrate, static, seed, serve.
# SMOKE_TIMEOUT (seconds, default 900) bounds the wait. The output of make run is shown when
# something fails; SMOKE_LOG=file keeps it in any case.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TIMEOUT="${SMOKE_TIMEOUT:-900}"
LOG="${SMOKE_LOG:-$(mktemp "${TMPDIR:-/tmp}/valund-smoke-run.XXXXXX")}"
keep_log="${SMOKE_LOG:+yes}"

python="$(scripts/find-python.sh)"
port="${PORT:-$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

# Its own process group (job control), so stopping it stops honcho, runserver and the worker.
set -m
PORT="$port" scripts/run.sh </dev/null >"$LOG" 2>&1 &
pid=$!
set +m
stop() {
    kill -TERM -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ -n "$keep_log" ] || rm -f "$LOG"
}
trap stop EXIT

# Prints "STATUS" for GET $1 without following redirects, or nothing while nobody answers.
status() {
    "$python" - "$port" "$1" <<'EOF' 2>/dev/null || true
import http.client, sys
connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
connection.request("GET", sys.argv[2])
response = connection.getresponse()
response.read()
print(response.status)
EOF
}

echo "make run on port $port"
started=$("$python" -c 'import time; print(time.time())')
until [ -n "$(status /)" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "make run stopped before the site answered; its output:" >&2
        tail -n 60 "$LOG" >&2
        exit 1
    fi
    if [ $((SECONDS)) -gt "$TIMEOUT" ]; then
        echo "The site did not answer within $TIMEOUT s; the output of make run:" >&2
        tail -n 60 "$LOG" >&2
        exit 1
    fi
    sleep 0.5
done
elapsed=$("$python" -c 'import sys, time; print(f"{time.time() - float(sys.argv[1]):.1f}")' "$started")

failed=0
check() {
    local path="$1" expected="$2" got
    got="$(status "$path")"
    case " $expected " in
        *" $got "*) echo "  GET $path -> $got" ;;
        *) echo "  GET $path -> ${got:-no answer}, expected $expected" >&2; failed=1 ;;
    esac
}
check / "302"  # to the visitor's language: /sv/ (Swedish first) or /en/
check /sv/ "200"
check /en/ "200"
check /admin/ "200 302"
check /static/css/valund.css "200"
if [ "$failed" -ne 0 ]; then
    echo "The site answered but not as expected; the output of make run:" >&2
    tail -n 60 "$LOG" >&2
    exit 1
fi
echo "make run: the site answered after $elapsed s"
