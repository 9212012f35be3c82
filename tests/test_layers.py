"""Imports run one way: import-linter checks the contracts in pyproject.toml ([tool.importlinter]:
the layers core → accounts → notifications → passport → bookings → payments | ratings → search →
pages → demo | patterns → valund, only the payment gateways importing stripe, and no import
circles anywhere), and this test fails with its report of every import that breaks one.
`.venv/bin/lint-imports` prints the same report by hand."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The console script's entry point, run by this interpreter so that the virtualenv's
# import-linter checks this checkout whatever the PATH.
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def test_imports_run_one_way():
    result = subprocess.run(  # noqa: S603 - our own interpreter, arguments written here
        [sys.executable, "-c", LINT_IMPORTS, "--no-logo", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "160", "NO_COLOR": "1"},
    )

    report = result.stdout.partition("Broken contracts")[2] or result.stdout + result.stderr
    assert result.returncode == 0, f"Imports that run the wrong way:\n{report}"
