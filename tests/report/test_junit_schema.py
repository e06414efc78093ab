"""The JUnit report as CI systems read it: valid against the common JUnit schema.

``tests/data/junit-10.xsd`` is the Jenkins xUnit plugin's schema (its source
is named in the file). A report that does not validate is dropped or
half-read by some CI viewers -- an aggregate ``skipped`` on ``<testsuites>``
made Jenkins' parser reject the whole file.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

XSD = Path(__file__).resolve().parents[1] / "data" / "junit-10.xsd"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD))


def test_the_report_of_the_six_tickets_is_valid(audit, schema):
    run = audit("--format", "junit")
    assert run.code == 1
    schema.validate(run.out)  # raises with the offending element and attribute
    root = ET.fromstring(run.out)
    assert root.get("skipped") is None
    suite = root.find("testsuite")
    assert suite is not None and suite.get("skipped") == "1"  # response.live-answer
    skipped = [c for c in suite.iter("testcase") if c.find("skipped") is not None]
    assert [c.get("name") for c in skipped] == ["response.live-answer"]


def test_a_classname_keeps_the_path_in_one_class(audit, schema):
    """Viewers split a classname at its dots: ``export.csv`` must not become class ``csv``."""
    root = ET.fromstring(audit("--format", "junit").out)
    names = {c.get("classname") for c in root.iter("testcase")}
    assert names == {"svccheck.export_csv"}


def test_findings_without_a_file_and_two_inputs_stay_valid(audit, svccheck, schema, tmp_path):
    """A second export, and a KPI finding that belongs to no file (its own suite)."""
    audit()  # writes the fixture into the working directory
    (tmp_path / "second.export.csv").write_text(
        (tmp_path / "export.csv").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "kpi.yaml").write_text(
        "id: kpi-test\nversion: '1'\ntitle: kpi\nextends: standard.yaml\nrules:\n"
        "  kpi.satisfaction-average: {params: {min_tickets: 1, floor: 5, "
        "group_by: [overall]}}\n", encoding="utf-8")
    run = svccheck("check", "export.csv", "second.export.csv", "--standard", "kpi.yaml",
                   "--as-of", "2025-11-30 18:00", "--format", "junit")
    schema.validate(run.out)
    root = ET.fromstring(run.out)
    assert [s.get("name") for s in root.findall("testsuite")] == [
        "export.csv", "second.export.csv", "(run)"]
    assert {c.get("classname") for c in root.findall("testsuite")[1].iter("testcase")} == {
        "svccheck.second_export_csv"}
    kpi = root.findall("testsuite")[2]
    failing = [c.get("name") for c in kpi.iter("testcase") if c.find("failure") is not None]
    assert failing == ["kpi.satisfaction-average"]
    # three failing rules in each export, and the KPI
    assert root.get("failures") == str(2 * 3 + 1)
