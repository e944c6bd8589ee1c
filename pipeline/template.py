"""Load a form template (TOML data) into typed objects the segmenter and extractor use."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from .errors import UsageError
from .normalize import normalize_text

TEMPLATE_DIR = Path(__file__).parent / "templates"
DEFAULT_TEMPLATE = "bma_progress_report"


@dataclass(frozen=True)
class FieldSpec:
    """A labelled field of a `fields` section: its output name, label variants and type."""

    name: str
    labels: tuple[str, ...]
    type: str


@dataclass(frozen=True)
class BlockSpec:
    """A free-text field of a `blocks` section, introduced by a marker line."""

    name: str
    marker: str


@dataclass(frozen=True)
class SectionSpec:
    """One heading of the form and how its content is read."""

    id: str
    number: str
    heading: str
    kind: str
    order: int
    fields: tuple[FieldSpec, ...] = ()
    blocks: tuple[BlockSpec, ...] = ()
    field: str | None = None


@dataclass(frozen=True)
class ProgressSpec:
    """Compiled patterns and vocabularies for the progress rows of section 2."""

    row_label: regex.Pattern[str]
    date: regex.Pattern[str]
    progress: regex.Pattern[str]
    spent: regex.Pattern[str]
    status: regex.Pattern[str]
    plan_status: tuple[str, ...]
    target_status: tuple[str, ...]


@dataclass(frozen=True)
class GroupingSpec:
    """Which document fields tell the copies of one report from other reports'
    (pipeline.group): `key` names a report (its doc_id; two keys one edit apart are one
    report when the `identity` fields agree); a copy whose key is unreadable joins the
    report whose `name` it matches."""

    key: str
    name: str
    identity: tuple[str, ...]

    @property
    def match_fields(self) -> tuple[str, ...]:
        """The fields a copy must have one of to be matched to a report at all."""
        return (self.key, self.name)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field grouping reads, each once: what a copy's grouping view keeps."""
        return tuple(dict.fromkeys((self.key, self.name, *self.identity)))


@dataclass(frozen=True)
class Template:
    """A whole form: page title, sections in printed order, section-2 rules, person
    rules, and the fields that group copies into reports."""

    name: str
    title: str
    sections: tuple[SectionSpec, ...]
    progress: ProgressSpec
    person_titles: tuple[str, ...]
    phone_label: regex.Pattern[str]
    grouping: GroupingSpec

    def section(self, section_id: str) -> SectionSpec:
        return next(s for s in self.sections if s.id == section_id)

    @property
    def field_types(self) -> dict[str, str]:
        """Return {document field: value type}, in the printed order: the output columns.

        A `person` field is read as two, NAME_name (type person) and NAME_phone (type
        phone); a text section or block is of type text.
        """
        return _field_types(self.sections)

    @property
    def document_fields(self) -> tuple[str, ...]:
        """Names of the document fields, in the printed order (the output columns)."""
        return tuple(self.field_types)

    @property
    def text_fields(self) -> tuple[str, ...]:
        """Names of the document fields that hold free text (voted by alignment)."""
        names: list[str] = []
        for s in self.sections:
            names += [f.name for f in s.fields if f.type == "text"]
            names += [b.name for b in s.blocks]
            if s.field:
                names.append(s.field)
        return tuple(names)


def _field_types(sections: tuple[SectionSpec, ...]) -> dict[str, str]:
    """Template.field_types of a template with these sections."""
    types: dict[str, str] = {}
    for s in sections:
        for f in s.fields:
            if f.type == "person":
                types.update({f"{f.name}_name": "person", f"{f.name}_phone": "phone"})
            else:
                types[f.name] = f.type
        types.update({b.name: "text" for b in s.blocks})
        if s.field:
            types[s.field] = "text"
    return types


def _compile(pattern: str, where: str) -> regex.Pattern[str]:
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise UsageError(f"template {where}: bad pattern {pattern!r}: {exc}") from exc


def _grouping(data: dict, fields: tuple[str, ...], origin: str) -> GroupingSpec:
    """Return the template's [grouping] table, checked: each field it names must be one
    of the template's document fields. A template without one groups as the default does."""
    table = data.get("grouping")
    if table is None:
        table = tomllib.loads((TEMPLATE_DIR / f"{DEFAULT_TEMPLATE}.toml").read_text(encoding="utf-8"))["grouping"]
    spec = GroupingSpec(table["key"], table["name"], tuple(table["identity"]))
    unknown = [f for f in spec.fields if f not in fields]
    if unknown:
        raise UsageError(f"template {origin}: [grouping] names {', '.join(unknown)}, which the template does not "
                         f"read (its fields: {', '.join(fields)})")
    return spec


def _parse(data: dict, origin: str) -> Template:
    sections = []
    for order, sec in enumerate(data["sections"]):
        sections.append(
            SectionSpec(
                id=sec["id"],
                number=sec.get("number", ""),
                heading=normalize_text(sec["heading"]),
                kind=sec["kind"],
                order=order,
                fields=tuple(
                    FieldSpec(f["name"], tuple(normalize_text(x) for x in f["labels"]), f["type"])
                    for f in sec.get("fields", ())
                ),
                blocks=tuple(
                    BlockSpec(b["name"], normalize_text(b["marker"])) for b in sec.get("blocks", ())
                ),
                field=sec.get("field"),
            )
        )
    prog = data["progress"]
    progress = ProgressSpec(
        row_label=_compile(prog["row_label"], f"{origin} progress.row_label"),
        date=_compile(prog["date"], f"{origin} progress.date"),
        progress=_compile(prog["progress"], f"{origin} progress.progress"),
        spent=_compile(prog["spent"], f"{origin} progress.spent"),
        status=_compile(prog["status"], f"{origin} progress.status"),
        plan_status=tuple(normalize_text(s) for s in prog["plan_status"]),
        target_status=tuple(normalize_text(s) for s in prog["target_status"]),
    )
    person = data["person"]
    return Template(
        name=data["name"],
        title=normalize_text(data["title"]),
        sections=tuple(sections),
        progress=progress,
        person_titles=tuple(sorted((normalize_text(t) for t in person["titles"]), key=len, reverse=True)),
        phone_label=_compile(person["phone_label"], f"{origin} person.phone_label"),
        grouping=_grouping(data, tuple(_field_types(tuple(sections))), origin),
    )


@lru_cache(maxsize=8)
def load_template(name_or_path: str = DEFAULT_TEMPLATE) -> Template:
    """Return the template named (a file in pipeline/templates/) or at the given path.

    Raises UsageError with the path when the file is missing or malformed, so the CLI
    can report it as bad usage instead of a traceback.
    """
    path = Path(name_or_path)
    if not path.suffix:
        path = TEMPLATE_DIR / f"{name_or_path}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return _parse(data, str(path))
    except FileNotFoundError as exc:
        known = ", ".join(p.stem for p in TEMPLATE_DIR.glob("*.toml"))
        raise UsageError(f"template not found: {path} (built-in templates: {known})") from exc
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise UsageError(f"template {path} is malformed: {exc}") from exc
