"""Reading and validating the national cooperative registry CSV.

Every row becomes either a ``RegistryRow`` (clean, normalised values) or one or
more ``RowError`` (line, column, reason), so an import can take the valid rows
and report the rest without stopping.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from lokal.phone import parse_phone

from ..models import CooperativePage, Region, RegionLevel

COLUMNS = (
    "registry_id",
    "name",
    "legal_entity_number",
    "legal_entity_date",
    "village_code",
    "address",
    "phone",
    "email",
    "chair_name",
)
REQUIRED_COLUMNS = ("registry_id", "name", "village_code")
REGISTRY_ID_PATTERN = re.compile(r"^[0-9A-Za-z-]+$")
MAX_ADDRESS_LENGTH = 1000
# csv's default field limit (128 KiB) is far above any real cell; keep one huge cell from eating memory.
MAX_FIELD_SIZE = 64 * 1024


def _max_length(name: str) -> int:
    return CooperativePage._meta.get_field(name).max_length


class RegistryFileError(Exception):
    """The file as a whole cannot be read (encoding, header)."""


@dataclass(frozen=True)
class RegistryRow:
    """One valid registry row, normalised (phone in +62 form, date parsed)."""

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

    def profile(self) -> dict:
        """The cooperative fields the registry owns (everything except the ID and village)."""
        return {
            "title": self.name,
            "legal_entity_number": self.legal_entity_number,
            "legal_entity_date": self.legal_entity_date,
            "address": self.address,
            "phone": self.phone,
            "email": self.email,
            "chair_name": self.chair_name,
        }


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
    errors: list[RowError] = []

    def reject(column: str, reason: str) -> None:
        errors.append(RowError(line, column, reason, values.get(column, "")[:200]))

    registry_id = values.get("registry_id", "")
    if not registry_id:
        reject("registry_id", _("registry ID is empty"))
    elif len(registry_id) > _max_length("registry_id"):
        reject("registry_id", _("registry ID is longer than %(max)d characters") % {"max": _max_length("registry_id")})
    elif not REGISTRY_ID_PATTERN.match(registry_id):
        reject("registry_id", _("registry ID may contain only letters, digits and hyphens"))

    name = values.get("name", "")
    if not name:
        reject("name", _("name is empty"))
    elif len(name) > CooperativePage._meta.get_field("title").max_length:
        reject(
            "name",
            _("name is longer than %(max)d characters") % {"max": CooperativePage._meta.get_field("title").max_length},
        )

    village_code = values.get("village_code", "")
    if not village_code:
        reject("village_code", _("village code is empty"))
    elif village_code not in village_codes:
        reject("village_code", _("unknown village code (Kemendagri form 35.07.12.2001 expected)"))

    legal_entity_date = None
    raw_date = values.get("legal_entity_date", "")
    if raw_date:
        try:
            legal_entity_date = date.fromisoformat(raw_date)
        except ValueError:
            reject("legal_entity_date", _("not a valid date (YYYY-MM-DD)"))
        else:
            if len(raw_date) != 10:
                reject("legal_entity_date", _("not a valid date (YYYY-MM-DD)"))
            elif legal_entity_date > timezone.localdate() or legal_entity_date.year < 1900:
                reject("legal_entity_date", _("date is in the future or before 1900"))

    phone = ""
    raw_phone = values.get("phone", "")
    if raw_phone:
        info = parse_phone(raw_phone)
        if not info.valid or not info.e164:
            reason = "; ".join(issue.message for issue in info.errors) or _("invalid phone number")
            reject("phone", _("invalid phone number: %(reason)s") % {"reason": reason})
        else:
            phone = info.e164

    email = values.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reject("email", _("invalid e-mail address"))

    for column, limit in (
        ("legal_entity_number", _max_length("legal_entity_number")),
        ("chair_name", _max_length("chair_name")),
        ("address", MAX_ADDRESS_LENGTH),
    ):
        if len(values.get(column, "")) > limit:
            reject(column, _("longer than %(max)d characters") % {"max": limit})

    for column, value in values.items():
        if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
            reject(column, _("contains control characters"))
            break

    if errors:
        return None, errors
    return (
        RegistryRow(
            line=line,
            registry_id=registry_id,
            name=name,
            village_code=village_code,
            legal_entity_number=values.get("legal_entity_number", ""),
            legal_entity_date=legal_entity_date,
            address=values.get("address", ""),
            phone=phone,
            email=email,
            chair_name=values.get("chair_name", ""),
        ),
        [],
    )
