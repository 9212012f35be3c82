"""Translation catalogues compiled without GNU gettext: .po (what translators edit) to .mo (what
Django reads), in pure Python, so that setting Valund up needs nothing outside requirements.txt
(scripts/setup.sh runs it; docs/i18n.md).

Writes what GNU msgfmt writes by default: every translated message, fuzzy ones left out (as
msgfmt does without --use-fuzzy), untranslated ones left out (Django then shows the English),
the header kept, contexts (msgctxt) and plurals (msgid_plural, msgstr[n]) as gettext stores
them. No Django import: it runs before the settings exist."""

import ast
import struct
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = 0x950412DE


class CatalogueError(ValueError):
    """A .po file this compiler cannot read; the message names the file and the line."""


@dataclass
class Message:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise CatalogueError(f"{where}: expected a quoted string, found {text!r}")
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError) as error:
        raise CatalogueError(f"{where}: {error}") from error


def parse_po(text: str, name: str = "<po>") -> list[Message]:
    """The messages of a .po file's text, obsolete ones (#~) left out."""
    messages, current, target, fuzzy = [], None, None, False

    def finish():
        if current is not None and (current.msgid or current.msgstr):
            messages.append(current)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        where = f"{name}:{number}"
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in [flag.strip() for flag in line[2:].split(",")]
            continue
        if line.startswith("#"):
            continue
        keyword, _space, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise CatalogueError(f"{where}: a string outside any message")
            kind, index = target
            value = _unquote(line, where)
            if kind == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, kind, getattr(current, kind) + value)
            continue
        # A message starts at its msgctxt, or at its msgid when it has none.
        if keyword == "msgctxt" or (keyword == "msgid" and target != ("msgctxt", 0)):
            finish()
            current, fuzzy = Message(fuzzy=fuzzy), False
        if current is None:
            raise CatalogueError(f"{where}: {keyword} before any msgid")
        if keyword == "msgctxt":
            current.msgctxt, target = _unquote(rest, where), ("msgctxt", 0)
        elif keyword == "msgid":
            current.msgid, target = _unquote(rest, where), ("msgid", 0)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = _unquote(rest, where), ("msgid_plural", 0)
        elif keyword == "msgstr":
            current.msgstr[0], target = _unquote(rest, where), ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            current.msgstr[index], target = _unquote(rest, where), ("msgstr", index)
        else:
            raise CatalogueError(f"{where}: unknown keyword {keyword!r}")
    finish()
    return messages


def mo_bytes(messages: list[Message]) -> bytes:
    """A GNU .mo file (little-endian, no hash table) of the messages gettext would use: the
    header and every translated message that is not fuzzy."""
    entries = {}
    for message in messages:
        is_header = message.msgid == "" and message.msgctxt is None
        if not is_header and (message.fuzzy or not message.translated):
            continue
        key = message.msgid if message.msgid_plural is None else f"{message.msgid}\0{message.msgid_plural}"
        if message.msgctxt is not None:
            key = f"{message.msgctxt}\x04{key}"
        value = "\0".join(message.msgstr[index] for index in sorted(message.msgstr))
        entries[key.encode()] = value.encode()
    keys = sorted(entries)
    header_size = 7 * 4
    table_size = len(keys) * 8
    ids_start = header_size + 2 * table_size
    ids, strs, id_table, str_table = b"", b"", [], []
    for key in keys:
        id_table.append((len(key), ids_start + len(ids)))
        ids += key + b"\0"
    strs_start = ids_start + len(ids)
    for key in keys:
        value = entries[key]
        str_table.append((len(value), strs_start + len(strs)))
        strs += value + b"\0"
    # No hash table (size 0), at the offset msgfmt --no-hash gives it: the same bytes as msgfmt.
    output = struct.pack("<7I", MAGIC, 0, len(keys), header_size, header_size + table_size, 0, ids_start)
    output += b"".join(struct.pack("<2I", *pair) for pair in id_table)
    output += b"".join(struct.pack("<2I", *pair) for pair in str_table)
    return output + ids + strs


def compile_po(po_path: Path, mo_path: Path | None = None) -> Path:
    """Compile one .po file beside itself (or to `mo_path`); returns the .mo's path."""
    po_path = Path(po_path)
    mo_path = Path(mo_path) if mo_path else po_path.with_suffix(".mo")
    mo_path.write_bytes(mo_bytes(parse_po(po_path.read_text(encoding="utf-8"), str(po_path))))
    return mo_path


def compile_tree(root: Path, *, only_stale: bool = False) -> list[Path]:
    """Every .po under `root` (locale/<lang>/LC_MESSAGES/*.po) compiled beside itself; with
    only_stale, those whose .mo is missing or older. Returns the .mo files written."""
    written = []
    for po_path in sorted(Path(root).rglob("*.po")):
        mo_path = po_path.with_suffix(".mo")
        if only_stale and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        written.append(compile_po(po_path, mo_path))
    return written


def main(argv: list[str]) -> int:
    """python -m marketplace.core.catalogues [FOLDER…] (locale/ by default): compile the .po
    files whose .mo is missing or older; --all compiles every one."""
    only_stale = "--all" not in argv
    folders = [arg for arg in argv if not arg.startswith("--")] or ["locale"]
    for folder in folders:
        if Path(folder).is_dir():
            for mo_path in compile_tree(Path(folder), only_stale=only_stale):
                print(f"Compiled {mo_path}")
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
