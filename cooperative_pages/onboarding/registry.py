"""Reading and validating the national cooperative registry CSV.

``REGISTRY_COLUMNS`` is the one map from registry columns to cooperative fields:
validation, the bulk create and the revision update all read it. Every row becomes
either a ``RegistryRow`` (clean, normalised values) or one or more ``RowError``
(line, column, reason), so an import can take the valid rows and report the rest
without stopping.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from lokal.phone import parse_phone

from ..models import CooperativePage, Region, RegionLevel

REGISTRY_ID_PATTERN = re.compile(r"^[0-9A-Za-z-]+$")
MAX_ADDRESS_LENGTH = 1000
# csv's default field limit (128 KiB) is far above any real cell; keep one huge cell from eating memory.
MAX_FIELD_SIZE = 64 * 1024


class InvalidCell(Exception):
    """A cell that cannot fill its field; the message is the reason the error report shows."""


@cache
def _max_length(name: str) -> int:
    return CooperativePage._meta.get_field(name).max_length


def _registry_id(cell: str, villages: frozenset[str]) -> str:
    if not cell:
        raise InvalidCell(_("registry ID is empty"))
    if len(cell) > _max_length("registry_id"):
        raise InvalidCell(_("registry ID is longer than %(max)d characters") % {"max": _max_length("registry_id")})
    if not REGISTRY_ID_PATTERN.match(cell):
        raise InvalidCell(_("registry ID may contain only letters, digits and hyphens"))
    return cell


def _name(cell: str, villages: frozenset[str]) -> str:
    if not cell:
        raise InvalidCell(_("name is empty"))
    if len(cell) > _max_length("title"):
        raise InvalidCell(_("name is longer than %(max)d characters") % {"max": _max_length("title")})
    return cell


def _village_code(cell: str, villages: frozenset[str]) -> str:
    if not cell:
        raise InvalidCell(_("village code is empty"))
    if cell not in villages:
        raise InvalidCell(_("unknown village code (Kemendagri form 35.07.12.2001 expected)"))
    return cell


def _legal_entity_date(cell: str, villages: frozenset[str]) -> date | None:
    if not cell:
        return None
    try:
        value = date.fromisoformat(cell)
    except ValueError:
        raise InvalidCell(_("not a valid date (YYYY-MM-DD)")) from None
    if len(cell) != 10:
        raise InvalidCell(_("not a valid date (YYYY-MM-DD)"))
    if value > timezone.localdate() or value.year < 1900:
        raise InvalidCell(_("date is in the future or before 1900"))
    return value


def _phone(cell: str, villages: frozenset[str]) -> str:
    """The number in +62 form (E.164)."""
    if not cell:
        return ""
    info = parse_phone(cell)
    if not info.valid or not info.e164:
        reason = "; ".join(issue.message for issue in info.errors) or _("invalid phone number")
        raise InvalidCell(_("invalid phone number: %(reason)s") % {"reason": reason})
    return info.e164


def _email(cell: str, villages: frozenset[str]) -> str:
    if cell:
        try:
            validate_email(cell)
        except ValidationError:
            raise InvalidCell(_("invalid e-mail address")) from None
    return cell


def _text(*, field_name: str = "", limit: int = 0) -> Callable[[str, frozenset[str]], str]:
    """Free text up to ``limit`` characters, or up to the model field's ``max_length``."""

    def clean(cell: str, villages: frozenset[str]) -> str:
        maximum = limit or _max_length(field_name)
        if len(cell) > maximum:
            raise InvalidCell(_("longer than %(max)d characters") % {"max": maximum})
        return cell

    return clean


@dataclass(frozen=True)
class RegistryColumn:
    """One registry CSV column: the ``CooperativePage`` field it fills and how its cell is read.

    ``clean(cell, known village codes)`` returns the field's value or raises ``InvalidCell``.
    """

    name: str
    field_name: str
    clean: Callable[[str, frozenset[str]], Any]
    required: bool = False


# In the order of the registry's CSV header.
REGISTRY_COLUMNS = (
    RegistryColumn("registry_id", "registry_id", _registry_id, required=True),
    RegistryColumn("name", "title", _name, required=True),
    RegistryColumn("legal_entity_number", "legal_entity_number", _text(field_name="legal_entity_number")),
    RegistryColumn("legal_entity_date", "legal_entity_date", _legal_entity_date),
    RegistryColumn("village_code", "village_id", _village_code, required=True),
    RegistryColumn("address", "address", _text(limit=MAX_ADDRESS_LENGTH)),
    RegistryColumn("phone", "phone", _phone),
    RegistryColumn("email", "email", _email),
    RegistryColumn("chair_name", "chair_name", _text(field_name="chair_name")),
)
COLUMNS = tuple(column.name for column in REGISTRY_COLUMNS)
REQUIRED_COLUMNS = tuple(column.name for column in REGISTRY_COLUMNS if column.required)
# The cooperative fields the registry owns; an import never changes any other.
REGISTRY_FIELDS = tuple(column.field_name for column in REGISTRY_COLUMNS)


class RegistryFileError(Exception):
    """The file as a whole cannot be read (encoding, header)."""


@dataclass(frozen=True)
class RegistryRow:
    """One valid registry row, normalised (phone in +62 form, date parsed); attributes are ``COLUMNS``."""

    line: int
    registry_id: str
    name: str
    village_code: str
    legal_entity_number: str = ""
    legal_entity_date: date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    chair_name: str = ""

    @property
    def regency_code(self) -> str:
        return self.village_code[:5]

    def cooperative_values(self) -> dict[str, Any]:
        """The values of ``REGISTRY_FIELDS`` this row gives its cooperative, by field name."""
        return {column.field_name: getattr(self, column.name) for column in REGISTRY_COLUMNS}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str
    value: str = ""


@dataclass
class ParsedRegistry:
    rows: list[RegistryRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0

    @property
    def rejected_lines(self) -> int:
        return len({error.line for error in self.errors})


def known_village_codes() -> frozenset[str]:
    return frozenset(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True))


def parse_registry(stream: IO[str], *, village_codes: Iterable[str] | None = None) -> ParsedRegistry:
    """Validate every row of a registry CSV opened in text mode (``newline=""``)."""
    village_codes = known_village_codes() if village_codes is None else frozenset(village_codes)
    parsed = ParsedRegistry()
    seen: dict[str, int] = {}
    for line, cells, header, problem in _records(stream):
        parsed.total += 1
        if problem:
            parsed.errors.append(RowError(line, "", _("unreadable row: %(error)s") % {"error": problem}))
            continue
        if len(cells) != len(header):
            parsed.errors.append(
                RowError(
                    line,
                    "",
                    _("wrong number of columns: expected %(expected)d, found %(found)d")
                    % {"expected": len(header), "found": len(cells)},
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        row, errors = _validate(line, values, village_codes)
        if row is not None and row.registry_id in seen:
            errors.append(
                RowError(
                    line,
                    "registry_id",
                    _("duplicate registry ID (first seen on line %(line)d)") % {"line": seen[row.registry_id]},
                    row.registry_id,
                )
            )
            row = None
        if row is None:
            parsed.errors.extend(errors)
        else:
            seen[row.registry_id] = line
            parsed.rows.append(row)
    return parsed


def _records(stream: IO[str]) -> Iterator[tuple[int, list[str], list[str], str]]:
    """``(first line number, cells, header, problem)`` for each data record; blank lines are skipped."""
    csv.field_size_limit(MAX_FIELD_SIZE)
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as error:
        raise RegistryFileError(_("cannot read the header: %(error)s") % {"error": error}) from error
    if header is None:
        raise RegistryFileError(_("the file is empty"))
    header = [name.strip().lstrip("\ufeff").lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        raise RegistryFileError(
            _("unexpected header: missing %(missing)s, unknown %(unknown)s; expected columns: %(expected)s")
            % {
                "missing": ", ".join(missing) or "-",
                "unknown": ", ".join(unknown) or "-",
                "expected": ",".join(COLUMNS),
            }
        )
    previous_end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as error:
            raise RegistryFileError(
                _("the file is not UTF-8 after line %(line)d: %(error)s") % {"line": previous_end, "error": error}
            ) from error
        except csv.Error as error:
            # A malformed record (NUL byte, oversized cell): report it and read on.
            line = previous_end + 1
            previous_end = reader.line_num
            yield line, [], header, str(error)
            continue
        line = previous_end + 1
        previous_end = reader.line_num
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        yield line, cells, header, ""


def _validate(line: int, values: dict[str, str], village_codes: frozenset[str]):
    """``(RegistryRow, [])`` for a valid row, ``(None, errors)`` otherwise: one error per bad column."""
    cleaned, errors = {}, []
    for column in REGISTRY_COLUMNS:
        cell = values.get(column.name, "")
        try:
            cleaned[column.name] = column.clean(cell, village_codes)
        except InvalidCell as invalid:
            errors.append(RowError(line, column.name, str(invalid), cell[:200]))
    for column, cell in values.items():
        if any(ord(char) < 32 and char not in "\t\n\r" for char in cell):
            errors.append(RowError(line, column, _("contains control characters"), cell[:200]))
            break
    if errors:
        return None, errors
    return RegistryRow(line=line, **cleaned), []
