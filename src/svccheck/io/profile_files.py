"""Profile files: load one, follow its ``extends``, merge it into a :class:`Profile`.

A team whose export differs from a built-in profile by three headers should
write three aliases, not copy the built-in profile and drift from it. So a
profile may ``extends:`` a known profile (by id: shipped or from a plugin)
or a file (a path, relative to the extending file), and the chain is merged
here, parents first, in the order listed:

* ``fields`` / ``events.fields``: the file's aliases are tried first, then
  the parent's (a field keeps every alias any profile in the chain gives it);
* ``not_scanned``: the parent's headers and the file's together;
* ``values`` / ``events.values`` / ``events.author_roles.values``: merged per
  field, raw value by raw value (the file's entry wins);
* ``events.defaults``, ``events.author_roles``, ``epochs``, ``events.epochs``,
  ``derive`` and ``files``: merged key by key;
* ``detect``: merged key by key; ``ticket_id``, ``events.lists``,
  ``timezone``, ``duplicates``, ``html``, ``events.html`` and
  ``events.opening``: replaced;
* ``id``, ``title``, ``description``: the file's own (never inherited).

The merged document (``Profile.data``) is itself a valid profile without
``extends`` -- ``svccheck profiles show`` prints it.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from svccheck.errors import ConfigError
from svccheck.model import ENUMS, EVENT_FIELDS, TICKET_FIELDS
from svccheck.quoting import named
from svccheck.schemas import load_schema, validate_document
from svccheck.yamlsource import YamlDocument, load_yaml

SHIPPED_DIR = Path(str(resources.files("svccheck").joinpath("data", "profiles")))

#: Keys of a resolved profile, in the order ``profiles show`` prints them.
KEY_ORDER = ("id", "title", "description", "detect", "timezone", "ticket_id", "duplicates",
             "fields", "values", "epochs", "derive", "html", "not_scanned", "files", "events")
_OWN = ("id", "title", "description")


@dataclass
class Profile:
    """A loaded, validated profile (``extends`` resolved)."""

    id: str
    path: Path
    title: str | dict[str, str]
    fields: dict[str, list[str]]
    values: dict[str, dict[str, str | None]]
    ticket_id: str = "id"
    min_matches: int = 3
    require_any: list[str] = field(default_factory=list)
    events: dict[str, Any] = field(default_factory=dict)
    description: str | None = None
    #: The merged document: a profile of its own, without ``extends``.
    data: dict[str, Any] = field(default_factory=dict)
    #: Ids of the profiles merged into this one, the farthest parent first.
    chain: list[str] = field(default_factory=list)
    #: The zone naive times of the export are in (else the standard's).
    timezone: str | None = None
    #: ``latest``: a ticket on several pages is one ticket, the latest version.
    duplicates: str = "keep"
    #: Time field → unit (``seconds``, ``milliseconds``) of its digit-only cells.
    epochs: dict[str, str] = field(default_factory=dict)
    #: Time field → {from: time field, plus_minutes: aliases of a minutes column}.
    derive: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Ticket fields that may hold HTML, read as text.
    html: list[str] = field(default_factory=list)
    #: Headers of columns no field maps that the privacy rules do not read as
    #: text: the helpdesk's own user references (a requester's login or
    #: e-mail), or a twin of a mapped column (Freshdesk's HTML description).
    not_scanned: list[str] = field(default_factory=list)
    #: How the other files of a helpdesk export are told apart and linked.
    files: dict[str, Any] = field(default_factory=dict)

    def title_in(self, lang: str) -> str:
        if isinstance(self.title, dict):
            return self.title.get(lang) or next(iter(self.title.values()), self.id)
        return self.title or self.id


class _Cycle(ConfigError):
    """Profiles extending each other: reported once, naming every file of the loop."""


def shipped_index() -> dict[str, Path]:
    """The shipped profiles' ids and files (for a profile loaded without a plugin registry)."""
    return index_profiles(sorted(SHIPPED_DIR.glob("*.yaml")))


def index_profiles(files: list[Path]) -> dict[str, Path]:
    """Profile id → file; the first file giving an id keeps it."""
    known: dict[str, Path] = {}
    for path in files:
        known.setdefault(_read(path).data["id"], path)
    return known


def load_profile(path: Path, known: dict[str, Path] | None = None) -> Profile:
    """Load the profile in ``path``; ``extends`` by id looks in ``known`` (default: shipped)."""
    chain: list[str] = []
    data = _resolve(path, shipped_index() if known is None else known, (), chain)
    return build_profile(data, path, chain)


def load_profiles(files: list[Path]) -> dict[str, Profile]:
    """Every profile of ``files`` by id (the first file giving an id keeps it)."""
    known = index_profiles(files)
    return {profile_id: load_profile(path, known) for profile_id, path in known.items()}


def find_profile_file(ref: str, known: dict[str, Path], relative_to: Path | None = None
                      ) -> Path:
    """A profile reference: a path to a YAML file, or the id of a known profile."""
    as_path = Path(ref)
    if relative_to is not None and not as_path.is_absolute():
        as_path = relative_to / as_path
    if as_path.suffix in (".yaml", ".yml") or as_path.exists():
        if not as_path.is_file():
            raise ConfigError(f"{as_path}: profile file not found")
        return as_path
    if ref in known:
        return known[ref]
    raise ConfigError(
        f"unknown profile {named(ref)} (known: {', '.join(sorted(known))}; "
        "or a path to a .yaml file)"
    )


def _read(path: Path) -> YamlDocument:
    """One profile file, validated on its own (before any merging)."""
    doc = load_yaml(path, "profile")
    if not isinstance(doc.data, dict):
        raise ConfigError(f"{path}: a profile must be a YAML mapping with id and fields")
    validate_document(doc.data, load_schema("profile"), doc)
    _check_value_targets(doc.data, doc)
    _check_timezone(doc.data, doc)
    return doc


def _check_timezone(data: dict[str, Any], doc: YamlDocument) -> None:
    """``timezone`` names a zone the time-zone database knows."""
    zone = data.get("timezone")
    if zone is None:
        return
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{doc.where(('timezone',))}: timezone {zone!r} is not a known time "
                          "zone (an IANA name such as Asia/Shanghai or Europe/Berlin)") from None


def _resolve(path: Path, known: dict[str, Path], seen: tuple[tuple[Path, Path], ...],
             chain: list[str]) -> dict[str, Any]:
    """The document of ``path`` with its ``extends`` chain merged in.

    ``seen`` holds the files being resolved, each as (resolved, as reached).
    """
    real = path.resolve()
    if real in {done for done, _ in seen}:
        loop = " → ".join(str(shown) for _, shown in (*seen, (real, path)))
        raise _Cycle(f"{path}: profiles extend each other in a cycle: {loop}")
    doc = _read(path)
    parents = doc.data.get("extends") or []
    if isinstance(parents, str):
        parents = [parents]
    merged: dict[str, Any] = {}
    for index, ref in enumerate(parents):
        where = doc.where(("extends", index) if isinstance(doc.data["extends"], list)
                          else ("extends",))
        try:
            parent_path = find_profile_file(ref, known, path.parent)
            parent = _resolve(parent_path, known, (*seen, (real, path)), chain)
        except _Cycle:
            raise
        except ConfigError as exc:
            raise ConfigError(*exc.within(f"{where}: in extends {named(ref)}: ")) from None
        merged = merge_profile_data(merged, parent)
    own = {k: v for k, v in doc.data.items() if k != "extends"}
    merged = merge_profile_data(merged, own)
    for key in _OWN:  # never inherited: the profile is the file's
        merged.pop(key, None)
        if key in own:
            merged[key] = own[key]
    if not merged.get("fields"):
        raise ConfigError(f"{path}: a profile needs fields (or extends a profile that has them)")
    roles = (merged.get("events") or {}).get("author_roles")
    lacking = [key for key in ("table", "key", "id", "role") if roles and key not in roles]
    if lacking:
        raise ConfigError(
            f"{doc.where(('events', 'author_roles'))}: events.author_roles needs "
            f"{', '.join(lacking)} (here or in the profile it extends)"
        )
    chain.append(str(own["id"]))
    return {k: merged[k] for k in KEY_ORDER if k in merged}


def merge_profile_data(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """``own`` laid over ``base`` by the rules in the module docstring (both left intact)."""
    out = deepcopy(base)
    for key, value in own.items():
        if key == "fields":
            out[key] = _aliases(out.get(key) or {}, value or {})
        elif key == "values":
            out[key] = _value_maps(out.get(key) or {}, value or {})
        elif key in ("detect", "epochs", "derive", "files"):
            out[key] = {**(out.get(key) or {}), **deepcopy(value or {})}
        elif key == "events":
            out[key] = _events(out.get(key) or {}, value or {})
        elif key == "not_scanned":
            out[key] = list(dict.fromkeys([*(out.get(key) or []), *(value or [])]))
        else:
            out[key] = deepcopy(value)
    return out


def _aliases(base: dict[str, list[str]], own: dict[str, list[str]]) -> dict[str, list[str]]:
    out = {name: list(aliases) for name, aliases in base.items()}
    for name, aliases in own.items():
        out[name] = list(dict.fromkeys([*aliases, *out.get(name, [])]))
    return out


def _value_maps(base: dict[str, dict[Any, Any]], own: dict[str, dict[Any, Any]]
                ) -> dict[str, dict[Any, Any]]:
    out = {name: dict(entries or {}) for name, entries in base.items()}
    for name, entries in own.items():
        out[name] = {**out.get(name, {}), **(entries or {})}
    return out


def _events(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    out = deepcopy(base)
    for key, value in own.items():
        if key == "fields":
            out[key] = _aliases(out.get(key) or {}, value or {})
        elif key == "values":
            out[key] = _value_maps(out.get(key) or {}, value or {})
        elif key in ("defaults", "epochs"):
            out[key] = {**(out.get(key) or {}), **(value or {})}
        elif key == "author_roles":
            roles = {**(out.get(key) or {}), **value}
            if "values" in value or "values" in (out.get(key) or {}):
                roles["values"] = {**(out.get(key) or {}).get("values", {}),
                                   **value.get("values", {})}
            out[key] = roles
        else:
            out[key] = deepcopy(value)
    return out


def _check_value_targets(data: dict[str, Any], doc: YamlDocument) -> None:
    """Each value map leads to something the field can hold.

    An enum field's values map to one of its canonical values (a typo such
    as ``medium`` would otherwise pass as known and match no rule); a time
    field's only to null -- a word meaning "no time" -- since any other entry
    would make up a date the export never held.
    """
    events = data.get("events") or {}
    maps = [(("values", name), name, entries, TICKET_FIELDS.get(name))
            for name, entries in (data.get("values") or {}).items()]
    maps += [(("events", "values", name), name, entries, EVENT_FIELDS.get(name))
             for name, entries in (events.get("values") or {}).items()]
    roles = events.get("author_roles") or {}
    if roles.get("values"):
        maps.append((("events", "author_roles", "values"), "role", roles["values"], "enum"))
    for where, name, entries, kind in maps:
        for raw, canonical in (entries or {}).items():
            if canonical is None:
                continue
            if kind in ("timestamp", "timestamp_list"):
                wrong = (f"{name} is a time field; its values can only be mapped to null "
                         f"(no time), not {canonical!r}")
            elif kind == "enum" and canonical not in ENUMS[name]:
                wrong = (f"{canonical!r} is not a {name} (one of {', '.join(ENUMS[name])}, "
                         "or null for no value)")
            else:
                continue
            raise ConfigError(f"{doc.where((*where, raw))}: {'.'.join(map(str, where))}: {wrong}")


def build_profile(data: dict[str, Any], path: Path, chain: list[str]) -> Profile:
    """A :class:`Profile` of a resolved document (no ``extends`` left)."""
    detect = data.get("detect") or {}
    return Profile(
        id=data["id"],
        path=path,
        title=data.get("title", data["id"]),
        fields={k: list(v) for k, v in data["fields"].items()},
        values={k: dict(v) for k, v in (data.get("values") or {}).items()},
        ticket_id=data.get("ticket_id", "id"),
        min_matches=detect.get("min_matches", 3),
        require_any=list(detect.get("require_any", [])),
        events=data.get("events") or {},
        description=data.get("description"),
        data=data,
        chain=chain,
        timezone=data.get("timezone"),
        duplicates=data.get("duplicates", "keep"),
        epochs=dict(data.get("epochs") or {}),
        derive={k: dict(v) for k, v in (data.get("derive") or {}).items()},
        html=list(data.get("html") or []),
        not_scanned=list(data.get("not_scanned") or []),
        files=dict(data.get("files") or {}),
    )


class _Dumper(yaml.SafeDumper):
    """Block mappings, one-line alias lists: a profile reads as it is written by hand."""


def _flow_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_Dumper.add_representer(list, _flow_list)


def dump_profile(data: dict[str, Any]) -> str:
    """A profile document as YAML that loads back to the same document."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


def render_profile(profile: Profile) -> str:
    """``svccheck profiles show``: the resolved profile, a valid profile file itself."""
    how = " → ".join(profile.chain) if len(profile.chain) > 1 else "no extends"
    return f"# profile {profile.id}, resolved ({how})\n" + dump_profile(profile.data)
