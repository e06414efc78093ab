"""Standards: loading, extends, and validation errors that point at the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from svccheck.errors import ConfigError
from svccheck.plugins import load_plugins
from svccheck.standards import load_standard, resolve_rules


@pytest.fixture(scope="module")
def registry():
    return load_plugins()


def _load(registry, path: Path):
    standard = load_standard(str(path), registry.standard_dirs)
    return standard, resolve_rules(standard, registry.rules)


def test_shipped_baseline_loads_with_calendar_and_record_rules(registry):
    standard, active = _load(registry, Path("cn-baseline"))
    assert standard.id == "cn-baseline"
    assert standard.calendar["timezone"] == "Asia/Shanghai"
    assert standard.calendar["holidays"] == "CN"
    ids = {a.rule.id for a in active}
    assert {"record.required-fields", "record.time-order", "record.satisfaction-range"} <= ids
    assert all(a.clause for a in active), "every shipped rule cites its clause"


def test_extends_by_id_overrides_severity_and_params(registry, write):
    path = write("team.yaml", """
        id: team
        title: Team standard
        version: 2
        extends: cn-baseline
        rules:
          record.satisfaction-range:
            severity: warning
            params: {max: 10}
          record.time-order: false
    """)
    standard, active = _load(registry, path)
    by_id = {a.rule.id: a for a in active}
    assert standard.chain == [("cn-baseline", "0.1"), ("team", "2")]
    assert str(by_id["record.satisfaction-range"].severity) == "warning"
    assert by_id["record.satisfaction-range"].params == {"min": 1, "max": 10}
    assert "record.time-order" not in by_id
    assert standard.calendar["timezone"] == "Asia/Shanghai"  # inherited


def test_extends_by_relative_path(registry, write):
    write("base.yaml", """
        id: base
        title: Base
        version: "1"
        calendar: {timezone: Europe/Berlin}
        rules:
          record.timestamp: {}
    """)
    child = write("child.yaml", """
        id: child
        title: Child
        version: "1"
        extends: [base.yaml]
    """)
    standard, active = _load(registry, child)
    assert standard.calendar["timezone"] == "Europe/Berlin"
    assert [a.rule.id for a in active] == ["record.timestamp"]


def test_bad_severity_names_file_line_and_path(registry, write):
    path = write("bad.yaml", """
        id: bad
        title: Bad
        version: "1"
        rules:
          record.timestamp:
            severity: fatal
    """)
    with pytest.raises(ConfigError) as info:
        _load(registry, path)
    message = str(info.value)
    assert f"{path}:6:" in message
    assert "rules.record.timestamp.severity" in message
    assert "'fatal' is not one of error, warning, info" in message


def test_unknown_rule_suggests_nearest(registry, write):
    path = write("typo.yaml", """
        id: typo
        title: Typo
        version: "1"
        rules:
          record.time-ordr: {}
    """)
    with pytest.raises(ConfigError) as info:
        _load(registry, path)
    assert ":5:" in str(info.value)
    assert "unknown rule 'record.time-ordr'; did you mean 'record.time-order'?" in str(info.value)


def test_bad_rule_parameter_names_line(registry, write):
    path = write("params.yaml", """
        id: params
        title: Params
        version: "1"
        rules:
          record.required-fields:
            params:
              fields: [customer_id, phone_number]
    """)
    with pytest.raises(ConfigError) as info:
        _load(registry, path)
    message = str(info.value)
    assert ":7:" in message
    assert "rule record.required-fields parameter" in message
    assert "'phone_number' is not one of" in message


def test_unknown_top_level_key_and_missing_version(registry, write):
    path = write("keys.yaml", """
        id: keys
        title: Keys
        rulez: {}
    """)
    with pytest.raises(ConfigError) as info:
        _load(registry, path)
    message = str(info.value)
    assert "'version' is a required property" in message
    assert ":3: (top level)" in message or "rulez" in message


def test_invalid_yaml_reports_line(registry, write):
    path = write("broken.yaml", """
        id: broken
        title: [unclosed
        version: "1"
    """)
    with pytest.raises(ConfigError) as info:
        _load(registry, path)
    assert "invalid YAML" in str(info.value)
    assert f"{path}:" in str(info.value)


def test_bad_timezone(registry, write):
    path = write("tz.yaml", """
        id: tz
        title: TZ
        version: "1"
        calendar:
          timezone: Asia/Beijing
    """)
    with pytest.raises(ConfigError, match=r"tz.yaml:5: calendar.timezone: 'Asia/Beijing' is not"):
        _load(registry, path)


def test_extends_cycle_is_an_error(registry, write):
    write("a.yaml", "id: a\ntitle: A\nversion: '1'\nextends: b.yaml\n")
    b = write("b.yaml", "id: b\ntitle: B\nversion: '1'\nextends: a.yaml\n")
    with pytest.raises(ConfigError, match="cycle"):
        _load(registry, b)


def test_unknown_standard_id_suggests(registry):
    with pytest.raises(ConfigError, match="did you mean 'cn-baseline'"):
        load_standard("cn-baselin", registry.standard_dirs)
