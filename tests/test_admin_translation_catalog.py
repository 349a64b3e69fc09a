"""Checks for the project's Indonesian admin translation catalogs.

``locale/id/LC_MESSAGES/django.po`` and ``djangojs.po`` complete Wagtail's own
(incomplete) ``id_ID`` translations of the admin. Django reads ``LOCALE_PATHS``
last, so every entry here is what the officers and facilitators see.

The tests are self-contained on purpose: they use only the standard library and
polib (no Django settings, no database), so they can run before the Django
project exists:

    .venv/bin/python -m pytest tests/test_admin_translation_catalog.py -p no:django -q

They fail when:

* a ``.mo`` file is missing or does not match its ``.po`` file. The ``.po``
  file is compiled again with Python in a temporary directory and the two
  catalogs are compared. File dates are not used: a git checkout sets them to
  the checkout time, so they say nothing about whether the ``.mo`` was rebuilt.
* an entry has no translation, is marked fuzzy, or is listed twice;
* the placeholders (``%(name)s``, ``%s``, ``{name}``) or the HTML tags in a
  translation differ from those in its msgid;
* the header does not use Wagtail's Indonesian plural rule
  (``nplurals=1; plural=0;``). Django merges catalogs that share a plural rule,
  so the rule must match Wagtail's.

After editing a ``.po`` file, rebuild the ``.mo`` with
``msgfmt --check -o django.mo django.po`` (GNU gettext) or
``django-admin compilemessages``.
"""

from __future__ import annotations

import collections
import gettext
import re
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parents[1]
LOCALE_DIR = REPO / "locale" / "id" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]
# Every catalog the project ships: the admin's (above) and each app's own.
CATALOGS = sorted(
    [LOCALE_DIR / f"{domain}.po" for domain in DOMAINS]
    + [path for path in REPO.glob("*/locale/id/LC_MESSAGES/*.po") if path.parts[len(REPO.parts)] != "build"]
)
EXPECTED_PLURAL_FORMS = "nplurals=1; plural=0;"


# --------------------------------------------------------------------------
# Reading (polib) and compiling (polib, the layout msgfmt writes)
# --------------------------------------------------------------------------


def parse_po(path: Path) -> polib.POFile:
    """The catalog's header (``metadata``) and its entries; duplicates are kept, to be reported."""
    return polib.pofile(str(path), check_for_duplicates=False)


def live_entries(catalog: polib.POFile) -> list[polib.POEntry]:
    """The entries (obsolete ``#~`` ones left out)."""
    return [entry for entry in catalog if not entry.obsolete]


def entry_key(entry: polib.POEntry) -> str:
    return entry.msgid_with_context


def entry_label(entry: polib.POEntry) -> str:
    context = f" [context {entry.msgctxt!r}]" if entry.msgctxt is not None else ""
    return f"line {entry.linenum}: {entry.msgid!r}{context}"


def compile_mo(catalog: polib.POFile) -> bytes:
    """The ``.mo`` msgfmt writes: translated, non-fuzzy entries and the header."""
    return catalog.to_binary()


def load_mo(path: Path) -> gettext.GNUTranslations:
    with path.open("rb") as fp:
        return gettext.GNUTranslations(fp)


# --------------------------------------------------------------------------
# Placeholder / markup extraction
# --------------------------------------------------------------------------

_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
_BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|\{\d*\}")
_TAG = re.compile(r"</?[A-Za-z][^<>]*?/?>")


def placeholders(text: str) -> dict[str, collections.Counter]:
    named = set()
    positional = collections.Counter()
    for m in _PERCENT.finditer(text):
        if m.group("conv") == "%":
            continue  # a literal percent sign
        if m.group("name") is not None:
            named.add(m.group(0))
        else:
            positional[m.group(0)] += 1
    return {
        "named %-placeholders": collections.Counter(sorted(named)),
        "positional %-placeholders": positional,
        "{}-placeholders": collections.Counter(sorted(set(_BRACE.findall(text)))),
        "HTML tags": collections.Counter(_TAG.findall(text)),
    }


def placeholder_problems(source: str, translation: str) -> list[str]:
    want, got = placeholders(source), placeholders(translation)
    return [
        f"{kind}: expected {sorted(want[kind].elements())}, got {sorted(got[kind].elements())}"
        for kind in want
        if want[kind] != got[kind]
    ]


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------


def _paths(domain: str) -> tuple[Path, Path]:
    return LOCALE_DIR / f"{domain}.po", LOCALE_DIR / f"{domain}.mo"


@pytest.fixture(scope="module", params=CATALOGS, ids=lambda path: str(path.relative_to(REPO)))
def catalog(request):
    po_path = request.param
    mo_path = po_path.with_suffix(".mo")
    assert po_path.is_file(), f"missing {po_path}"
    parsed = parse_po(po_path)
    return po_path.stem, po_path, mo_path, parsed.metadata, live_entries(parsed)


def test_header_matches_wagtail_indonesian(catalog):
    domain, po_path, _, header, entries = catalog
    assert entries, f"{po_path} has no entries"
    assert header.get("Language") == "id", header
    assert "charset=UTF-8" in header.get("Content-Type", ""), header
    assert header.get("Plural-Forms") == EXPECTED_PLURAL_FORMS, (
        f"{po_path.name}: Plural-Forms must be {EXPECTED_PLURAL_FORMS!r} like Wagtail's id_ID catalogs, "
        f"got {header.get('Plural-Forms')!r}"
    )


def test_every_entry_is_translated(catalog):
    domain, po_path, _, header, entries = catalog
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", header["Plural-Forms"]).group(1))
    problems = []
    seen = set()
    for e in entries:
        if entry_key(e) in seen:
            problems.append(f"{entry_label(e)}: listed twice")
        seen.add(entry_key(e))
        if e.fuzzy:
            problems.append(f"{entry_label(e)}: marked fuzzy (Django ignores fuzzy entries)")
        if e.msgid_plural:
            if sorted(e.msgstr_plural) != list(range(nplurals)):
                problems.append(f"{entry_label(e)}: needs exactly msgstr[0]..msgstr[{nplurals - 1}]")
            problems += [
                f"{entry_label(e)}: msgstr[{i}] is empty" for i, text in e.msgstr_plural.items() if not text.strip()
            ]
        elif not e.msgstr.strip():
            problems.append(f"{entry_label(e)}: no translation")
    assert not problems, f"{po_path.name}:\n" + "\n".join(problems)


def test_placeholders_and_markup_are_preserved(catalog):
    domain, po_path, _, _, entries = catalog
    problems = []
    for e in entries:
        if not e.msgid_plural:
            issues = placeholder_problems(e.msgid, e.msgstr)
            if issues:
                problems.append(f"{entry_label(e)}: " + "; ".join(issues))
            continue
        # Indonesian has one plural form, so msgstr[0] stands for both the
        # singular and the plural text. It must keep the placeholders of one of
        # them (usually the plural, since "1 page" often has no %(count)s).
        for i, text in sorted(e.msgstr_plural.items()):
            from_plural = placeholder_problems(e.msgid_plural, text)
            from_singular = placeholder_problems(e.msgid, text)
            if from_plural and from_singular:
                problems.append(f"{entry_label(e)} msgstr[{i}]: " + "; ".join(from_plural))
    assert not problems, f"{po_path.name}:\n" + "\n".join(problems)


def test_mo_is_compiled_from_current_po(catalog, tmp_path):
    domain, po_path, mo_path, _, _ = catalog
    assert mo_path.is_file(), f"missing {mo_path}: run msgfmt --check -o {mo_path.name} {po_path.name}"
    fresh_path = tmp_path / f"{domain}.mo"
    fresh_path.write_bytes(compile_mo(parse_po(po_path)))
    fresh, shipped = load_mo(fresh_path), load_mo(mo_path)

    fresh_cat, shipped_cat = dict(fresh._catalog), dict(shipped._catalog)
    # GNU msgfmt (>= 0.20) drops POT-Creation-Date from the compiled header.
    for cat in (fresh_cat, shipped_cat):
        cat[""] = "".join(
            line for line in cat.get("", "").splitlines(True) if not line.startswith("POT-Creation-Date:")
        )
    missing = sorted(map(repr, fresh_cat.keys() - shipped_cat.keys()))
    extra = sorted(map(repr, shipped_cat.keys() - fresh_cat.keys()))
    changed = sorted(repr(k) for k in fresh_cat.keys() & shipped_cat.keys() if fresh_cat[k] != shipped_cat[k])
    hint = f"{mo_path.name} is out of date; rebuild it: msgfmt --check -o {mo_path.name} {po_path.name}"
    assert not (missing or extra or changed), (
        f"{hint}\nnot in .mo: {missing[:10]}\nonly in .mo: {extra[:10]}\ndifferent: {changed[:10]}"
    )
    assert shipped.info().get("plural-forms") == EXPECTED_PLURAL_FORMS
    assert [shipped.plural(n) for n in (0, 1, 2, 5, 21)] == [0, 0, 0, 0, 0]


def test_po_reader_and_compiler_round_trip(tmp_path):
    """Guard the helpers above, so a bug in them cannot hide a broken catalog."""
    po = tmp_path / "sample.po"
    po.write_text(
        'msgid ""\n'
        'msgstr ""\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
        "\n"
        "#, python-format\n"
        'msgid "Hello %(name)s, \\"<b>x</b>\\""\n'
        'msgstr "Halo %(name)s, \\"<b>x</b>\\""\n'
        "\n"
        'msgctxt "menu"\n'
        'msgid "Open"\n'
        'msgstr ""\n'
        '"Buka"\n'
        "\n"
        'msgid "1 page"\n'
        'msgid_plural "%(count)s pages"\n'
        'msgstr[0] "%(count)s halaman"\n'
        "\n"
        '#~ msgid "old"\n'
        '#~ msgstr "lama"\n',
        encoding="utf-8",
    )
    parsed = parse_po(po)
    assert parsed.metadata["Plural-Forms"] == EXPECTED_PLURAL_FORMS
    assert [entry_key(e) for e in live_entries(parsed)] == ['Hello %(name)s, "<b>x</b>"', "menu\x04Open", "1 page"]
    mo = tmp_path / "sample.mo"
    mo.write_bytes(compile_mo(parse_po(po)))
    t = load_mo(mo)
    assert t.gettext('Hello %(name)s, "<b>x</b>"') == 'Halo %(name)s, "<b>x</b>"'
    assert t.pgettext("menu", "Open") == "Buka"
    assert t.ngettext("1 page", "%(count)s pages", 1) == "%(count)s halaman"
    assert placeholder_problems("Hi %(name)s <b>{x}</b> %s", "Hai <b>{x}</b> %s %(name)s") == []
    assert placeholder_problems("Hi %(name)s", "Hai %(nama)s")
    assert placeholder_problems('<a href="%(url)s">x</a>', "<a>x</a>")
    assert placeholder_problems("100%% %s", "100%% ") and not placeholder_problems("100%%", "100 persen")
