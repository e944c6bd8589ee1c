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


# The value types of a labelled field (pipeline.extract reads each; a person is read as
# two fields, NAME_name and NAME_phone): a `code` is what the field's own `pattern` matches.
FIELD_TYPES = ("text", "project_code", "code", "be_year", "date", "money", "agency", "person")

# What section 2's reader reads (pipeline.progress_rows), each with the value type of the
# progress_reports.csv column the template names for it ([progress.fields]).
REPORT_READINGS = {
    "date": "date", "progress": "percent", "spent": "money",
    "plan_status": "status", "target_status": "status", "narrative": "text",
}


@dataclass(frozen=True)
class FieldSpec:
    """A labelled field of a `fields` section: its output name, label variants and type
    (one of FIELD_TYPES); a `code` field has the pattern its values match."""

    name: str
    labels: tuple[str, ...]
    type: str
    pattern: regex.Pattern[str] | None = None


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
    columns: tuple[tuple[str, str], ...]
    window: tuple[str, str] | None
    spent_total: str | None = None
    budget: str | None = None
    cumulative: bool = False  # the progress percentage is the work done so far: it never goes down

    def column(self, reading: str) -> str:
        """Return the name of the progress_reports.csv column, and of the readings, that
        hold what the reader reads as `reading` (a key of REPORT_READINGS)."""
        return next(name for name, r in self.columns if r == reading)


@dataclass(frozen=True)
class GroupingSpec:
    """Which document fields tell the copies of one report from other reports'
    (pipeline.group): `key` names a report (its doc_id; two keys one edit apart are one
    report when the `identity` fields agree); a copy whose key is unreadable joins the
    report whose `name` it matches. `period`, where the form has one, is the field a
    project reports anew in (a fiscal year): copies of one key that read other periods
    and report on none of the same dates are reports of their own."""

    key: str
    name: str
    identity: tuple[str, ...]
    period: str | None = None

    @property
    def match_fields(self) -> tuple[str, ...]:
        """The fields a copy must have one of to be matched to a report at all."""
        return (self.key, self.name)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field grouping reads, each once: what a copy's grouping view keeps."""
        return tuple(dict.fromkeys((self.key, self.name, *self.identity, *([self.period] if self.period else []))))


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
    def report_field_types(self) -> dict[str, str]:
        """Return {progress-report field: value type}, in the order of the
        progress_reports.csv columns the template names ([progress.fields])."""
        return {name: REPORT_READINGS[reading] for name, reading in self.progress.columns}

    @property
    def report_fields(self) -> tuple[str, ...]:
        """Names of the progress-report fields, in their columns' order."""
        return tuple(name for name, _ in self.progress.columns)

    @property
    def patterns(self) -> dict[str, regex.Pattern[str]]:
        """Return {code field: the pattern its values match} (fields of type `code`)."""
        return {f.name: f.pattern for s in self.sections for f in s.fields if f.pattern is not None}

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


def _with_group(prog: dict, key: str, group: str, holds: str, origin: str) -> regex.Pattern[str]:
    """Return the [progress] pattern `key`, compiled; a UsageError naming the template and
    key when it has no named group `group`, which section 2's reading takes `holds` from."""
    pattern = _compile(prog[key], f"{origin} progress.{key}")
    if group not in pattern.groupindex:
        raise UsageError(f"template {origin} progress.{key}: the pattern needs a group (?P<{group}>...) "
                         f"holding {holds}")
    return pattern


def _compile(pattern: str, where: str) -> regex.Pattern[str]:
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise UsageError(f"template {where}: bad pattern {pattern!r}: {exc}") from exc


@lru_cache(maxsize=1)
def _default_data() -> dict:
    """The default template's TOML tables: what a template that leaves one out uses."""
    return tomllib.loads((TEMPLATE_DIR / f"{DEFAULT_TEMPLATE}.toml").read_text(encoding="utf-8"))


def _field(spec: dict, origin: str) -> FieldSpec:
    """Return one labelled field, checked: a type of FIELD_TYPES, a compiled `pattern`
    exactly when the type is `code`, and `labels` a list of printed forms (a string
    alone would be matched letter by letter)."""
    name, kind = spec["name"], spec["type"]
    if kind not in FIELD_TYPES:
        raise UsageError(f"template {origin}: field {name} has type {kind!r}; a field's type is one of "
                         f"{', '.join(FIELD_TYPES)}")
    if (kind == "code") != ("pattern" in spec):
        raise UsageError(f"template {origin}: field {name}: a `pattern` goes with type \"code\", and a code needs one")
    pattern = _compile(spec["pattern"], f"{origin} field {name}") if kind == "code" else None
    labels = spec["labels"]
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) and x.strip() for x in labels):
        raise UsageError(f"template {origin}: field {name}: `labels` is a list of the label's printed forms, "
                         f"[\"...\", ...], not {labels!r}")
    return FieldSpec(name, tuple(normalize_text(x) for x in labels), kind, pattern)


def _report_columns(table: dict, origin: str, document_types: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Return the template's [progress.fields] ((column, reading) in column order),
    checked: each reading of REPORT_READINGS named exactly once, and a column that is
    also a document field of the same type. A template without the table has the
    default's columns."""
    given = table.get("fields", _default_data()["progress"]["fields"])
    if not isinstance(given, dict):
        raise UsageError(f"template {origin}: [progress.fields] must be a table of `column = \"reading\"` lines")
    columns = tuple(given.items())
    readings = [r for _, r in columns]
    unknown = [r for r in readings if r not in REPORT_READINGS]
    missing = [r for r in REPORT_READINGS if r not in readings]
    if unknown or missing or len(set(readings)) != len(readings):
        raise UsageError(f"template {origin}: [progress.fields] must name one column for each of "
                         f"{', '.join(REPORT_READINGS)} (it names {', '.join(readings) or 'none'})")
    for name, reading in columns:
        if document_types.get(name, REPORT_READINGS[reading]) != REPORT_READINGS[reading]:
            raise UsageError(f"template {origin}: [progress.fields] {name} holds a {REPORT_READINGS[reading]}, "
                             f"but the document field {name} is of type {document_types[name]}")
    return columns


def _window(table: dict, origin: str, document_types: dict[str, str]) -> tuple[str, str] | None:
    """Return the document fields (start, end) of date type that bound a report's date
    (document.report_window), from [progress] `window` (an empty list: no bound). A
    template that does not say takes the default's fields when it reads both as dates."""
    given = "window" in table
    fields = tuple(table["window"] if given else _default_data()["progress"]["window"])
    if not fields or (not given and any(document_types.get(f) != "date" for f in fields)):
        return None
    if len(fields) != 2:
        raise UsageError(f"template {origin}: [progress] window names {len(fields)} fields; it names two, the "
                         "date fields a project starts and ends on (or none)")
    bad = [f for f in fields if document_types.get(f) != "date"]
    if bad:
        raise UsageError(f"template {origin}: [progress] window names {', '.join(bad)}, which is no date field "
                         "of the template")
    return fields[0], fields[1]


def _money_field(table: dict, key: str, origin: str, document_types: dict[str, str]) -> str | None:
    """Return the document field of money type that [progress] `key` names ("": none):
    `spent_total`, the sum of the reports' spent figures (cross_checks.check_total), or
    `budget`, what the project may spend (cross_checks.check_budget). A template that
    does not say takes the default's field when it reads it as money."""
    given = key in table
    name = table[key] if given else _default_data()["progress"].get(key, "")
    if not name or (not given and document_types.get(name) != "money"):
        return None
    if document_types.get(name) != "money":
        raise UsageError(f"template {origin}: [progress] {key} names {name}, which is no money field of the "
                         "template")
    return name


def _flag(table: dict, key: str, origin: str) -> bool:
    """Return [progress] `key`, true or false; a template that does not say takes the
    default's."""
    value = table.get(key, _default_data()["progress"].get(key, False))
    if not isinstance(value, bool):
        raise UsageError(f"template {origin}: [progress] {key} is {value!r}; it is true or false")
    return value


def _grouping(data: dict, fields: tuple[str, ...], origin: str) -> GroupingSpec:
    """Return the template's [grouping] table, checked: each field it names must be one
    of the template's document fields. A template without one groups as the default does,
    by period only where it reads the default's period field."""
    table = data.get("grouping")
    if table is None:
        table = _default_data()["grouping"]
        if table.get("period") not in fields:
            table.pop("period", None)
    spec = GroupingSpec(table["key"], table["name"], tuple(table["identity"]), table.get("period"))
    unknown = [f for f in spec.fields if f not in fields]
    if unknown:
        raise UsageError(f"template {origin}: [grouping] names {', '.join(unknown)}, which the template does not "
                         f"read (its fields: {', '.join(fields)})")
    return spec


SECTION_KINDS = ("container", "fields", "text", "blocks", "progress", "ignore")


def _parse(data: dict, origin: str) -> Template:
    sections = []
    for order, sec in enumerate(data["sections"]):
        if sec["kind"] not in SECTION_KINDS:
            raise UsageError(f"template {origin}: section {sec.get('id', order + 1)!r} has kind {sec['kind']!r}; "
                             f"a section's kind is one of {', '.join(SECTION_KINDS)}")
        sections.append(
            SectionSpec(
                id=sec["id"],
                number=sec.get("number", ""),
                heading=normalize_text(sec["heading"]),
                kind=sec["kind"],
                order=order,
                fields=tuple(_field(f, origin) for f in sec.get("fields", ())),
                blocks=tuple(
                    BlockSpec(b["name"], normalize_text(b["marker"])) for b in sec.get("blocks", ())
                ),
                field=sec.get("field"),
            )
        )
    prog = data["progress"]
    names = [n for sec in sections for n in (*(f.name for f in sec.fields), *(b.name for b in sec.blocks),
                                              *((sec.field,) if sec.field else ()))]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(f"template {origin}: the field {', '.join(twice)} is named twice; each field is read once")
    document_types = _field_types(tuple(sections))
    progress = ProgressSpec(
        row_label=_compile(prog["row_label"], f"{origin} progress.row_label"),
        date=_with_group(prog, "date", "date", "the date", origin),
        progress=_with_group(prog, "progress", "pct", "the percentage", origin),
        spent=_with_group(prog, "spent", "marker", "the report's number", origin),
        status=_with_group(prog, "status", "status", "the status words", origin),
        plan_status=tuple(normalize_text(s) for s in prog["plan_status"]),
        target_status=tuple(normalize_text(s) for s in prog["target_status"]),
        columns=_report_columns(prog, origin, document_types),
        window=_window(prog, origin, document_types),
        spent_total=_money_field(prog, "spent_total", origin, document_types),
        budget=_money_field(prog, "budget", origin, document_types),
        cumulative=_flag(prog, "cumulative", origin),
    )
    person = data["person"]
    return Template(
        name=data["name"],
        title=normalize_text(data["title"]),
        sections=tuple(sections),
        progress=progress,
        person_titles=tuple(sorted((normalize_text(t) for t in person["titles"]), key=len, reverse=True)),
        phone_label=_compile(person["phone_label"], f"{origin} person.phone_label"),
        grouping=_grouping(data, tuple(document_types), origin),
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
    except KeyError as exc:
        raise UsageError(f"template {path} is malformed: it has no {exc.args[0]!r}, which the built-in template "
                         f"{TEMPLATE_DIR / (DEFAULT_TEMPLATE + '.toml')} shows where it goes") from exc
    except (tomllib.TOMLDecodeError, TypeError) as exc:
        raise UsageError(f"template {path} is malformed: {exc}") from exc
