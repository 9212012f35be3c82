"""Every message the code marks for translation is in the committed Swedish catalogue (#21).

tests/test_i18n_catalogue.py checks the entries locale/sv/LC_MESSAGES/django.po has; this
checks that it has every entry: Django's makemessages extracts the code's messages, with the
ignores docs/i18n.md gives translators, into a copy of the locale folder (the committed file is
never touched) and merges them with the committed translations there. A message of the code that
the committed catalogue lacks arrives untranslated, a changed one fuzzy: each is listed.

Extraction needs GNU gettext (xgettext, msgmerge, msguniq, msgattrib), which Valund's setup does
not: the test is skipped where it is missing. CI installs gettext, so it always runs there."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from marketplace.core.catalogues import parse_po

GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgattrib")
MISSING_TOOLS = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
# docs/i18n.md, "The catalogues: how a translator updates them".
IGNORED = [".venv", "tests", "benchmarks", "staticfiles", "node_modules"]
# Folders that hold no source (uploads, private files, data, the docs): not linked, not walked.
NOT_SOURCE = {"locale", "private", "var", "media", "docs"}


def label(message) -> str:
    return f"{message.msgctxt}\x04{message.msgid}" if message.msgctxt else message.msgid


@pytest.mark.skipif(bool(MISSING_TOOLS), reason=f"GNU gettext is not installed (missing: {', '.join(MISSING_TOOLS)}); "
                    "makemessages cannot extract the code's messages here. CI installs it.")
def test_every_message_in_the_code_is_translated_in_the_committed_catalogue(tmp_path, monkeypatch):
    base = Path(settings.BASE_DIR)
    # A tree that is the project's source, through links, beside a copy of its locale folder:
    # makemessages writes into the locale folder of the tree it walks.
    for entry in base.iterdir():
        if entry.name.startswith(".") or entry.name in NOT_SOURCE or entry.name in IGNORED:
            continue
        (tmp_path / entry.name).symlink_to(entry)
    shutil.copytree(base / "locale", tmp_path / "locale")
    monkeypatch.chdir(tmp_path)

    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["sv"], symlinks=True, ignore_patterns=IGNORED, no_obsolete=True,
                     verbosity=0)

    extracted = tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    messages = [message for message in parse_po(extracted.read_text(encoding="utf-8"), str(extracted))
                if message.msgid]
    committed = {label(message) for message in parse_po(
        (base / "locale" / "sv" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"), "django.po")}
    assert len(messages) > 1000  # the code was walked
    missing = sorted(label(message) for message in messages if label(message) not in committed)
    lacking = sorted(label(message) for message in messages
                     if label(message) in committed and (message.fuzzy or not message.translated))
    report = "\n".join([f"not in the catalogue: {msgid!r}" for msgid in missing]
                       + [f"untranslated or fuzzy: {msgid!r}" for msgid in lacking])
    assert not missing and not lacking, (
        f"{len(missing) + len(lacking)} messages of the code lack a Swedish translation in "
        f"locale/sv/LC_MESSAGES/django.po (add them by hand, docs/i18n.md):\n{report}"
    )
