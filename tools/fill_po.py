"""Fill empty msgstr entries of a .po file from a JSON dict {msgid: translation}.

Used to maintain the plugin apps' Indonesian catalogs: `python tools/fill_po.py PO JSON`.
Only single-line msgids are handled; entries already translated are left alone.
"""

import json
import re
import sys
from pathlib import Path


def fill(po_path: Path, translations: dict[str, str]) -> list[str]:
    text = po_path.read_text(encoding="utf-8")
    missing: list[str] = []

    def replace(match: re.Match) -> str:
        msgid = match.group(2)
        key = msgid.encode().decode("unicode_escape") if "\\" in msgid else msgid
        if key in translations:
            value = translations[key].replace('"', '\\"')
            return f'{match.group(1)}msgid "{msgid}"\nmsgstr "{value}"'
        missing.append(key)
        return match.group(0)

    text = re.sub(r'(^|\n)msgid "(.+)"\nmsgstr ""(?=\n\n|\n$|$)', replace, text)
    text = text.replace("charset=CHARSET", "charset=UTF-8")
    text = re.sub(r'"Plural-Forms: .*?\\n"', lambda _m: '"Plural-Forms: nplurals=1; plural=0;\\n"', text)
    text = text.replace('"Language: \\n"', '"Language: id\\n"')
    text = text.replace("#, fuzzy\n", "", 1)
    po_path.write_text(text, encoding="utf-8")
    return missing


if __name__ == "__main__":
    missing = fill(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    for msgid in missing:
        print(f"untranslated: {msgid}")  # noqa: T201
