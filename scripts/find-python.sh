#!/usr/bin/env bash
# Prints the path of a Python that can run Valund (3.12 or newer, able to create virtual
# environments). Looks at VALUND_PYTHON, then python3.13, python3.12 and python3 on PATH,
# then pyenv's installed versions, newest first. Exits 1 with advice when none fits.
set -euo pipefail

MIN="3.12"
found=""   # "VERSION at PATH; ..." for every Python that ran but does not fit
seen=" "

# Prints "VERSION EXECUTABLE VENV_OK" for the interpreter $1, or nothing if it does not run
# (a pyenv shim for a version that is not selected, a dangling link...).
describe() {
    "$1" -c '
import sys
try:
    import ensurepip, venv  # noqa: F401
    ok = "yes"
except ImportError:
    ok = "no"
print("%d.%d.%d" % sys.version_info[:3], sys.executable, ok)
' 2>/dev/null || true
}

new_enough() {
    local major minor
    IFS=. read -r major minor _ <<<"$1"
    [ "$major" -gt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -ge 12 ]; }
}

# Succeeds (and prints the executable) if $1 fits.
try() {
    local candidate="$1" version executable venv_ok
    read -r version executable venv_ok <<<"$(describe "$candidate")"
    [ -n "${version:-}" ] || return 1
    case "$seen" in *" $executable "*) return 1 ;; esac
    seen="$seen$executable "
    if ! new_enough "$version"; then
        found="$found${found:+; }$version at $executable"
        return 1
    fi
    if [ "$venv_ok" != "yes" ]; then
        found="$found${found:+; }$version at $executable, which cannot create virtual environments (Debian/Ubuntu: apt install python${version%.*}-venv)"
        return 1
    fi
    echo "$executable"
}

if [ -n "${VALUND_PYTHON:-}" ]; then
    try "$VALUND_PYTHON" && exit 0
    echo "VALUND_PYTHON=$VALUND_PYTHON is not a usable Python $MIN or newer${found:+ (found $found)}." >&2
    exit 1
fi

for name in python3.13 python3.12 python3; do
    if path="$(command -v "$name")"; then
        try "$path" && exit 0
    fi
done

pyenv_roots=()
if command -v pyenv >/dev/null 2>&1; then
    pyenv_roots+=("$(pyenv root 2>/dev/null || true)")
fi
pyenv_roots+=("${PYENV_ROOT:-}" "${HOME:+$HOME/.pyenv}")
for root in "${pyenv_roots[@]}"; do
    if [ -z "$root" ] || [ ! -d "$root/versions" ]; then
        continue
    fi
    # Newest first; plain releases only (no free-threaded "t" builds, no pre-releases).
    while read -r version; do
        try "$root/versions/$version/bin/python3" && exit 0
    done < <(for dir in "$root"/versions/3.*; do echo "${dir##*/}"; done |
        grep -E '^3\.(1[2-9]|[2-9][0-9])\.[0-9]+$' | sort -t. -k1,1nr -k2,2nr -k3,3nr)
done

{
    if [ -n "$found" ]; then
        printf 'Valund needs Python %s or newer; found %s.\n' "$MIN" "$found"
    else
        printf 'Valund needs Python %s or newer; found no Python at all.\n' "$MIN"
    fi
    cat <<EOF
Install it with your system's package manager (Debian/Ubuntu: apt install python3.12 python3.12-venv;
macOS: brew install python@3.12) or with pyenv (pyenv install 3.12), then run this again.
A Python elsewhere can be named directly: VALUND_PYTHON=/path/to/python3.12 make run
EOF
} >&2
exit 1
