"""``tools/fill_po.py`` fills a fresh ``makemessages`` catalog so the catalog checks accept it."""

import importlib.util
from pathlib import Path

import polib

from tests.test_admin_translation_catalog import EXPECTED_PLURAL_FORMS

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("fill_po", REPO / "tools" / "fill_po.py")
fill_po = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fill_po)

LONG = "A message long enough that makemessages wraps its msgid over several lines in the catalog file."

# As `makemessages -l id` writes a new catalog.
FRESH = f'''# SOME DESCRIPTIVE TITLE.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\\n"
"Language: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=CHARSET\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

#: views.py:1
#, python-format
msgid "Hello %(name)s"
msgstr ""

#: views.py:2
msgid ""
"{LONG[:60]}"
"{LONG[60:]}"
msgstr ""

#: views.py:3
msgid "Already done"
msgstr "Sudah selesai"

#: views.py:4
msgid "Not in the dictionary"
msgstr ""
'''


def test_fills_empty_entries_and_fixes_the_header(tmp_path):
    po_path = tmp_path / "django.po"
    po_path.write_text(FRESH, encoding="utf-8")

    missing = fill_po.fill(
        po_path,
        {"Hello %(name)s": 'Halo "%(name)s"', LONG: "Pesan panjang.", "Already done": "Jangan ditimpa"},
    )

    assert missing == ["Not in the dictionary"]
    catalog = polib.pofile(str(po_path))
    assert {entry.msgid: entry.msgstr for entry in catalog} == {
        "Hello %(name)s": 'Halo "%(name)s"',
        LONG: "Pesan panjang.",
        "Already done": "Sudah selesai",
        "Not in the dictionary": "",
    }
    assert catalog.metadata["Language"] == "id"
    assert catalog.metadata["Plural-Forms"] == EXPECTED_PLURAL_FORMS
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]
    assert not catalog.metadata_is_fuzzy
    assert "#, fuzzy" not in po_path.read_text(encoding="utf-8")
