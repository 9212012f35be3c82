"""The catalogues compile without GNU gettext (marketplace.core.catalogues): what Django reads
from the result, on a throwaway catalogue (never locale/ in the tree)."""

import gettext
import shutil
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import translation

from marketplace.core.catalogues import CatalogueError, compile_po, compile_tree, parse_po

PO = r'''# A throwaway catalogue.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Language: sv\n"

#: pages/models.py:1
msgid "Find freelancers"
msgstr "Hitta "
"frilansare"

msgctxt "verb"
msgid "Book"
msgstr "Boka"

msgid "%(count)s review"
msgid_plural "%(count)s reviews"
msgstr[0] "%(count)s omdöme"
msgstr[1] "%(count)s omdömen"

#, fuzzy, python-format
msgid "Timesheet"
msgstr "Tidrapport?"

msgid "Untranslated"
msgstr ""

msgid "Say \"hej\"\n"
msgstr "Säg \"hej\"\n"

#~ msgid "Old"
#~ msgstr "Gammal"
'''


@pytest.fixture
def catalogue(tmp_path):
    folder = tmp_path / "locale" / "sv" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "django.po"
    po.write_text(PO, encoding="utf-8")
    return po


def test_gettext_reads_what_it_compiles(catalogue):
    with compile_po(catalogue).open("rb") as mo:
        read = gettext.GNUTranslations(mo)

    assert read.gettext("Find freelancers") == "Hitta frilansare"
    assert read.pgettext("verb", "Book") == "Boka"
    assert read.ngettext("%(count)s review", "%(count)s reviews", 1) == "%(count)s omdöme"
    assert read.ngettext("%(count)s review", "%(count)s reviews", 5) == "%(count)s omdömen"
    assert read.gettext('Say "hej"\n') == 'Säg "hej"\n'
    # Fuzzy, untranslated and obsolete messages are left out, as msgfmt leaves them.
    assert read.gettext("Timesheet") == "Timesheet"
    assert read.gettext("Untranslated") == "Untranslated"
    assert read.gettext("Old") == "Old"
    assert read.info()["language"] == "sv"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed here")
def test_the_same_bytes_as_gnu_msgfmt(catalogue, tmp_path):
    gnu = tmp_path / "gnu.mo"
    subprocess.run([shutil.which("msgfmt"), "--no-hash", "-o", str(gnu), str(catalogue)], check=True)  # noqa: S603

    assert compile_po(catalogue, tmp_path / "ours.mo").read_bytes() == gnu.read_bytes()


def test_django_translates_with_the_compiled_catalogue(catalogue, settings):
    settings.LOCALE_PATHS = [catalogue.parents[2]]
    call_command("compilecatalogues")
    translation.trans_real._translations = {}
    try:
        with translation.override("sv"):
            assert translation.gettext("Find freelancers") == "Hitta frilansare"
    finally:
        translation.trans_real._translations = {}


def test_only_stale_catalogues_are_compiled_again(catalogue):
    root = catalogue.parents[2]
    assert compile_tree(root, only_stale=True) == [catalogue.with_suffix(".mo")]
    assert compile_tree(root, only_stale=True) == []


def test_setup_runs_it_as_a_plain_module_without_django(catalogue):
    result = subprocess.run([sys.executable, "-m", "marketplace.core.catalogues", str(catalogue.parents[2])],  # noqa: S603
                            capture_output=True, text=True, check=True)

    assert "Compiled" in result.stdout and catalogue.with_suffix(".mo").exists()


def test_a_broken_catalogue_is_refused_with_its_line():
    with pytest.raises(CatalogueError, match="x.po:2"):
        parse_po('msgid "a"\nmsgstr unquoted\n', "x.po")
