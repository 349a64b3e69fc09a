"""The nightly open-data export: every public cooperative (with readiness) and every public
product, as gzip'd CSV and JSON Lines, with a Frictionless Data Package describing both.

Rows are streamed from the database into the compressed files (memory stays flat whatever
the number of products: only the cooperatives' few fields are held, to name each
product's cooperative); the files of a run go into a new folder of the default storage and
become current in one step, when the manifest naming them is replaced. ``/api/open-data/``
serves the manifest and each file at a stable URL with its SHA-256 as ETag.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Max
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from ..models import BusinessUnit, CooperativePage, ProductCategory, ProductPage
from ..page_urls import PageUrlBuilder
from .changes import HiddenTree
from .models import Change

FOLDER = "open-data"
MANIFEST = f"{FOLDER}/manifest.json"
CHUNK = 5000
COMPRESSLEVEL = 6
_STEP = Page.steplen


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, boolean, date, datetime
    description: str
    many: bool = False  # a list: joined by ';' in CSV


COOPERATIVE_COLUMNS = [
    Column("id", "integer", "The cooperative's id in the API (/api/cooperatives/<id>/)."),
    Column("registry_id", "string", "National registry ID."),
    Column("name", "string", "Name."),
    Column("legal_entity_number", "string", "Legal entity number (nomor badan hukum)."),
    Column("province_code", "string", "Kemendagri province code."),
    Column("province_name", "string", "Province."),
    Column("regency_code", "string", "Kemendagri regency code."),
    Column("regency_name", "string", "Regency or city."),
    Column("district_code", "string", "Kemendagri district code."),
    Column("village_code", "string", "Kemendagri village code."),
    Column("business_units", "string", "Business unit codes, separated by ';' (a list in JSON Lines).", many=True),
    Column("member_count", "integer", "Members."),
    Column("founding_date", "date", "Founding date."),
    Column("url", "string", "The microsite."),
    Column("last_published_at", "datetime", "Last publication (Asia/Jakarta)."),
]
PRODUCT_COLUMNS = [
    Column("id", "integer", "The product's id in the API (/api/products/<id>/)."),
    Column("title", "string", "Name."),
    Column("description", "string", "Description."),
    Column("price", "integer", "Price in whole rupiah."),
    Column("unit", "string", "Unit the price is for."),
    Column("category", "string", "Category code."),
    Column("category_name", "string", "Category."),
    Column("business_unit", "string", "Business unit code, or empty."),
    Column("available", "boolean", "In stock."),
    Column("cooperative_id", "integer", "The cooperative (cooperatives file)."),
    Column("cooperative_name", "string", "The cooperative's name."),
    Column("province_code", "string", "Kemendagri province code of the cooperative."),
    Column("regency_code", "string", "Kemendagri regency code of the cooperative."),
    Column("url", "string", "The product's page."),
    Column("first_published_at", "datetime", "First publication (Asia/Jakarta)."),
    Column("last_published_at", "datetime", "Last publication (Asia/Jakarta)."),
]


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: int = 0


def _json_converter(column: Column, zone) -> Callable | None:
    """How a column's database value becomes its JSON value: dates and times as ISO 8601 (times
    in Asia/Jakarta, the same as ``timezone.localtime``), everything else as it is."""
    if column.type == "datetime":
        return lambda value: None if value is None else value.astimezone(zone).isoformat()
    if column.type == "date":
        return lambda value: None if value is None else value.isoformat()
    return None


def _csv_converter(column: Column) -> Callable | None:
    """How a JSON value becomes its CSV cell, where ``csv.writer`` alone would differ (it writes
    ``None`` as empty and other values with ``str()``): booleans ``true``/``false``, lists joined by ';'."""
    if column.type == "boolean":
        return lambda value: "" if value is None else ("true" if value else "false")
    if column.many:
        return lambda value: ";".join(value) if value is not None else ""
    return None


class TableWriter:
    """One table into ``<name>.csv.gz`` and ``<name>.jsonl.gz`` in a scratch folder, in one pass.
    Each column's conversion is chosen once, not tested per value: a million rows times 16 cells."""

    def __init__(self, folder: Path, table: Table):
        self.table = table
        self.paths = {kind: folder / f"{table.name}.{kind}.gz" for kind in ("csv", "jsonl")}
        self.files = {
            kind: gzip.open(path, "wt", encoding="utf-8", compresslevel=COMPRESSLEVEL)  # noqa: SIM115 - closed by close()
            for kind, path in self.paths.items()
        }
        self.csv = csv.writer(self.files["csv"], lineterminator="\n")
        self.names = [column.name for column in table.columns]
        self.csv.writerow(self.names)
        zone = timezone.get_current_timezone()
        self.to_json = [(i, f) for i, column in enumerate(table.columns) if (f := _json_converter(column, zone))]
        self.to_csv = [(i, f) for i, column in enumerate(table.columns) if (f := _csv_converter(column))]

    def write(self, rows: Iterable[tuple]) -> None:
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        write_line, write_row = self.files["jsonl"].write, self.csv.writerow
        names, to_json, to_csv = self.names, self.to_json, self.to_csv
        count = 0
        for row in rows:
            row = list(row)
            for index, convert in to_json:
                row[index] = convert(row[index])
            write_line(encode(dict(zip(names, row, strict=True))) + "\n")
            for index, convert in to_csv:
                row[index] = convert(row[index])
            write_row(row)
            count += 1
        self.table.rows += count

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def _units_by_cooperative() -> Iterator[tuple[int, list[str]]]:
    """(cooperative id, its business unit codes), ordered by cooperative id: read in step with the
    cooperatives, so no table of them is held."""
    rows = (
        CooperativePage.business_units.through.objects.order_by(
            "cooperativepage_id", "businessunit__sort_order", "businessunit__slug"
        )
        .values_list("cooperativepage_id", "businessunit__slug")
        .iterator(chunk_size=CHUNK)
    )
    for cooperative_id, group in groupby(rows, key=lambda row: row[0]):
        yield cooperative_id, [slug for _id, slug in group]


COOPERATIVE_FIELDS = (
    "pk",
    "path",
    "url_path",
    "registry_id",
    "title",
    "legal_entity_number",
    "province_id",
    "province__name",
    "regency_id",
    "regency__name",
    "district_id",
    "village_id",
    "member_count",
    "founding_date",
    "last_published_at",
)


def cooperative_rows(urls: PageUrlBuilder, extra: dict, cooperatives: dict) -> Iterator[tuple]:
    """Public cooperatives, ordered by id, with the ``extra`` columns (name -> expression);
    fills ``cooperatives`` (path -> id, name, province, regency) for the products."""
    tree = HiddenTree()
    units = _units_by_cooperative()
    next_units = next(units, (None, []))
    queryset = (
        CooperativePage.objects.live()
        .order_by("pk")
        .annotate(**{f"extra_{name}": expression for name, expression in extra.items()})
        .values_list(*COOPERATIVE_FIELDS, *[f"extra_{name}" for name in extra])
    )
    for row in queryset.iterator(chunk_size=CHUNK):
        pk, path, url_path, registry_id, title, legal, province, province_name, regency, regency_name = row[:10]
        district, village, members, founded, published = row[10:15]
        own_units = []
        while next_units[0] is not None and next_units[0] <= pk:
            if next_units[0] == pk:
                own_units = next_units[1]
            next_units = next(units, (None, []))
        if not tree.is_public(path):
            continue
        cooperatives[path] = (pk, title, province, regency)
        yield (
            pk,
            registry_id,
            title,
            legal,
            province,
            province_name,
            regency,
            regency_name,
            district,
            village,
            own_units,
            members,
            founded,
            urls(url_path),
            published,
            *row[15:],
        )


def product_rows(urls: PageUrlBuilder, cooperatives: dict) -> Iterator[tuple]:
    """Public products of public cooperatives, ordered by path (so by cooperative)."""
    tree = HiddenTree()
    categories = {code: str(name) for code, name in ProductCategory.choices}
    units = dict(BusinessUnit.objects.values_list("pk", "slug"))
    queryset = (
        ProductPage.objects.live()
        .order_by("path")
        .values_list(
            "pk",
            "path",
            "url_path",
            "title",
            "description",
            "price",
            "unit",
            "category",
            "business_unit_id",
            "available",
            "first_published_at",
            "last_published_at",
        )
    )
    for (
        pk,
        path,
        url_path,
        title,
        description,
        price,
        unit,
        category,
        unit_id,
        available,
        first,
        last,
    ) in queryset.iterator(chunk_size=CHUNK):
        cooperative_path = path[: -2 * _STEP]
        cooperative = cooperatives.get(cooperative_path)  # only public ones are there
        if cooperative is None or not tree.is_public(path, public_ancestor=cooperative_path):
            continue
        yield (
            pk,
            title,
            description,
            price,
            unit,
            category,
            categories.get(category, category),
            units.get(unit_id, ""),
            available,
            cooperative[0],
            cooperative[1],
            cooperative[2],
            cooperative[3],
            urls(url_path),
            first,
            last,
        )


def readiness_columns() -> tuple[list[Column], dict]:
    """Extra cooperative columns from other apps (the dashboard: readiness and activity), each
    ``(name, type, description, expression on CooperativePage)``; the columns and name -> expression."""
    columns: list[Column] = []
    expressions: dict = {}
    for hook_fn in hooks.get_hooks("open_data_cooperative_columns"):
        for name, kind, description, expression in hook_fn():
            columns.append(Column(name, kind, description))
            expressions[name] = expression
    return columns, expressions


# ---------------------------------------------------------------- the run


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def datapackage(tables: list[Table], *, generated_at: str) -> dict:
    """The published schema: a Frictionless Data Package (Table Schema per table)."""
    return {
        "name": "koperasi-merah-putih",
        "title": "Koperasi Desa/Kelurahan Merah Putih: cooperatives and products",
        "created": generated_at,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {
                "name": f"{table.name}-{kind}",
                "path": f"{table.name}.{kind}.gz",
                "format": kind,
                "compression": "gz",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": column.name, "type": column.type, "description": column.description}
                        for column in table.columns
                    ],
                    "primaryKey": "id",
                },
            }
            for table in tables
            for kind in ("csv", "jsonl")
        ],
    }


def open_data_export(*, progress: Callable[[str, int], None] | None = None) -> dict:
    """Write a new export and make it current; returns its manifest."""
    progress = progress or (lambda table, rows: None)
    generated_at = timezone.localtime().isoformat(timespec="seconds")
    cursor = Change.objects.aggregate(head=Max("id"))["head"] or 0  # replay /api/changes/ from here
    urls = PageUrlBuilder()
    extra_columns, extra = readiness_columns()
    cooperatives_table = Table("cooperatives", COOPERATIVE_COLUMNS + extra_columns)
    products_table = Table("products", PRODUCT_COLUMNS)
    cooperatives: dict[str, tuple] = {}
    with tempfile.TemporaryDirectory(prefix="kmp-open-data-") as scratch:
        folder = Path(scratch)
        for table, rows in (
            (cooperatives_table, lambda: cooperative_rows(urls, extra, cooperatives)),
            (products_table, lambda: product_rows(urls, cooperatives)),
        ):
            writer = TableWriter(folder, table)
            try:
                writer.write(rows())
            finally:
                writer.close()
            progress(table.name, table.rows)
        tables = [cooperatives_table, products_table]
        package = datapackage(tables, generated_at=generated_at)
        (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1))
        return _publish(folder, tables, generated_at=generated_at, cursor=cursor)


def _publish(folder: Path, tables: list[Table], *, generated_at: str, cursor: int) -> dict:
    version = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    files = {}
    for path in sorted(folder.iterdir()):
        rows = next((table.rows for table in tables if path.name.startswith(table.name + ".")), None)
        with path.open("rb") as handle:
            stored = default_storage.save(f"{FOLDER}/{version}/{path.name}", File(handle))
        files[path.name] = {"storage_name": stored, "bytes": path.stat().st_size, "sha256": _sha256(path), "rows": rows}
    manifest = {"generated_at": generated_at, "cursor": str(cursor), "version": version, "files": files}
    previous = current_manifest()
    if default_storage.exists(MANIFEST):
        default_storage.delete(MANIFEST)
    default_storage.save(MANIFEST, io.BytesIO(json.dumps(manifest).encode()))
    # The run before stays for downloads already under way; older ones go.
    keep = {version, previous["version"]} if previous else {version}
    _directories, _files = default_storage.listdir(FOLDER)
    for directory in _directories:
        if directory not in keep:
            for name in default_storage.listdir(f"{FOLDER}/{directory}")[1]:
                default_storage.delete(f"{FOLDER}/{directory}/{name}")
    return manifest


def current_manifest() -> dict | None:
    if not default_storage.exists(MANIFEST):
        return None
    with default_storage.open(MANIFEST) as handle:
        return json.loads(handle.read())
