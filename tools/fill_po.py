"""Fill empty msgstr entries of a .po file from a JSON dict {msgid: translation}.

Used to maintain the plugin apps' Indonesian catalogs: `python tools/fill_po.py PO JSON`.
Entries already translated are left alone; plural entries are not filled. The header
gets Wagtail's Indonesian settings (UTF-8, `Language: id`, `nplurals=1; plural=0;`)
and loses the `fuzzy` flag `makemessages` gives a new catalog. Lines are wrapped at 79
columns, as gettext's own tools (and so `makemessages`) wrap them.
"""

import json
import sys
from pathlib import Path

import polib

HEADER = {
    "Content-Type": "text/plain; charset=UTF-8",
    "Language": "id",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def fill(po_path: Path, translations: dict[str, str]) -> list[str]:
    """Fill ``po_path`` in place; return the untranslated msgids that ``translations`` lacks."""
    catalog = polib.pofile(str(po_path), wrapwidth=79)
    missing: list[str] = []
    for entry in catalog.untranslated_entries():
        if entry.msgid_plural:
            continue
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
        else:
            missing.append(entry.msgid)
    catalog.metadata.update(HEADER)
    catalog.metadata_is_fuzzy = False
    catalog.save()
    return missing


if __name__ == "__main__":
    missing = fill(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    for msgid in missing:
        print(f"untranslated: {msgid}")  # noqa: T201
