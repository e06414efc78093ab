"""The HTML report in a real headless browser (Chromium driven by Selenium).

This is the command a QA lead runs -- ``svccheck check export.csv --standard
cn-baseline --format html -o report.html`` on the bundled sample -- opened
in Chromium: the charts must render, the table must filter and sort, and the
page must raise no script or Content-Security-Policy error. Expected numbers
come from the JSON report of the same run, so the test follows the rules
the standard enables rather than hard-coding them.

``.ci/run`` installs Debian's ``chromium`` and ``chromium-driver`` and sets
``SVCCHECK_REQUIRE_BROWSER=1``, so on CI a missing browser fails the run. On
a developer's machine without Chromium the test is skipped with the command
that installs it, so that the README's test command works everywhere.

Artefacts: a screenshot of the report goes to ``test-artifacts/`` at the
repository root (git-ignored; ``SVCCHECK_ARTIFACTS=DIR`` puts it elsewhere).
``SVCCHECK_DOCS_SCREENSHOT=1`` also refreshes ``docs/report-html.png``, the
screenshot the README shows.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from svccheck.cli import sample_path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(os.environ.get("SVCCHECK_ARTIFACTS", ROOT / "test-artifacts"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).is_file() and Path(DRIVER).is_file()):
        message = ("Chromium is not installed: apt-get install chromium chromium-driver "
                   "(.ci/run does this before the tests)")
        if os.environ.get("SVCCHECK_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1800",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium must not try to download one.
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    """The QA lead's command on the bundled sample, plus its JSON twin for expectations."""
    from svccheck.cli import main

    workdir = tmp_path_factory.mktemp("html")
    shutil.copyfile(sample_path(), workdir / "export.csv")
    # Run from the export's directory, as a user would: the report (and the
    # screenshot in docs/) names the input as given, without a temporary path.
    common = ["check", "export.csv", "--standard", "cn-baseline", "--as-of", "2025-11-30 18:00"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(workdir)
        assert main([*common, "--format", "html", "-o", "report.html"]) == 1
        assert main([*common, "--format", "json", "-o", "report.json"]) == 1
    html_path = workdir / "report.html"
    return html_path, json.loads((workdir / "report.json").read_text(encoding="utf-8"))


def settle(driver, condition) -> None:
    """Wait (up to 10 s) for the page to react to an input, on a loaded machine too.

    The assertion that follows states what is expected; this only gives the
    page's event handlers time to run before it is checked.
    """
    with contextlib.suppress(TimeoutException):
        WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda _: condition())


def visible_rows(driver) -> list:
    return [tr for tr in driver.find_elements(By.CSS_SELECTOR, "#findings-table tbody tr")
            if tr.is_displayed()]


def column(driver, index: int) -> list[str]:
    return [tr.find_elements(By.TAG_NAME, "td")[index].text for tr in visible_rows(driver)]


def test_report_renders_filters_and_sorts_in_chromium(browser, sample_report):
    path, report = sample_report
    findings = report["violations"]
    total = len(findings)
    assert total > 0
    browser.get(path.as_uri())

    # summary cards and verdict
    assert browser.find_element(By.ID, "verdict").text == "FAILED"
    assert browser.find_element(By.CSS_SELECTOR, "#card-tickets .value").text == "300"
    assert browser.find_element(By.CSS_SELECTOR, "#card-findings .value").text == str(total)

    # the four charts render: bars laid out with a real size, one per rule with findings
    for chart in ("chart-rule", "chart-assignee", "chart-channel", "chart-day"):
        bars = browser.find_elements(By.CSS_SELECTOR, f"#{chart} .bar rect")
        assert bars, chart
        for bar in bars:
            size = browser.execute_script(
                "var r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", bar)
            assert size[0] > 0 and size[1] > 0, chart
    by_rule = {rule: n for rule, n in report["summary"]["by_rule"].items() if n}
    rule_bars = browser.find_elements(By.CSS_SELECTOR, "#chart-rule .bar")
    assert {b.get_attribute("data-value") for b in rule_bars} == set(by_rule)

    # every finding is listed, with its clause
    assert len(visible_rows(browser)) == total
    assert browser.find_element(By.ID, "count").text == f"Showing {total} of {total} findings"
    assert column(browser, 6) == [f["clause"] or "–" for f in findings]

    # free-text filter: one ticket
    ticket = findings[0]["ticket"]
    search = browser.find_element(By.ID, "f-search")
    search.send_keys(ticket)
    settle(browser, lambda: set(column(browser, 0)) == {ticket})
    assert set(column(browser, 0)) == {ticket}
    assert len(visible_rows(browser)) == sum(f["ticket"] == ticket for f in findings)
    browser.find_element(By.ID, "f-clear").click()
    settle(browser, lambda: len(visible_rows(browser)) == total)
    assert len(visible_rows(browser)) == total

    # select filter: the rule with the most findings
    rule, count = max(by_rule.items(), key=lambda item: item[1])
    Select(browser.find_element(By.ID, "f-rule")).select_by_value(rule)
    settle(browser, lambda: len(visible_rows(browser)) == count)
    assert len(visible_rows(browser)) == count
    assert set(column(browser, 2)) == {rule}
    browser.find_element(By.ID, "f-clear").click()

    # clicking a bar filters the table to it
    assignees = Counter(f["assignee"] for f in findings if f["assignee"])
    top, top_count = assignees.most_common(1)[0]
    bar = browser.find_element(By.CSS_SELECTOR, f'#chart-assignee .bar[data-value="{top}"]')
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', "
                           "{bubbles: true}))", bar)
    settle(browser, lambda: len(visible_rows(browser)) == top_count)
    assert Select(browser.find_element(By.ID, "f-assignee")).first_selected_option.text == top
    assert len(visible_rows(browser)) == top_count
    assert browser.find_element(By.ID, "count").text == f"Showing {top_count} of {total} findings"
    browser.find_element(By.ID, "f-clear").click()

    # sorting by row number, both ways
    head = browser.find_elements(By.CSS_SELECTOR, "#findings-table thead th")[1]
    head.click()
    settle(browser, lambda: head.get_attribute("aria-sort") == "ascending")
    rows = [int(v) for v in column(browser, 1)]
    assert rows == sorted(rows) and head.get_attribute("aria-sort") == "ascending"
    head.click()
    settle(browser, lambda: head.get_attribute("aria-sort") == "descending")
    assert [int(v) for v in column(browser, 1)] == sorted(rows, reverse=True)

    # no script errors, no blocked fetches
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []

    browser.get(path.as_uri())  # the screenshot shows the page as it opens
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report-html.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("SVCCHECK_DOCS_SCREENSHOT"):
        shutil.copyfile(shot, ROOT / "docs" / "report-html.png")


def test_trend_over_three_recorded_runs_in_chromium(browser, tmp_path):
    """``--history``: three audits recorded (the sample's first 100, 200 and 300
    tickets); the third report draws each KPI and each rule across all three."""
    from svccheck.cli import main

    lines = sample_path().read_bytes().decode("gb18030").splitlines(keepends=True)
    history = tmp_path / "audits.db"
    for count in (100, 200, 300):
        export = tmp_path / f"export-{count}.csv"
        export.write_bytes("".join(lines[: count + 1]).encode("gb18030"))
        main(["check", str(export), "--history", str(history), "--as-of", "2025-11-30 18:00",
              "--format", "html", "-o", str(tmp_path / "report.html")])
    listing = tmp_path / "history.json"
    with open(listing, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
        assert main(["history", "--history", str(history), "--format", "json"]) == 0
    runs = json.loads(listing.read_text(encoding="utf-8"))
    assert len(runs) == 3
    kpis = sorted({k for r in runs for k in r["kpis"]})
    assert kpis, "the sample has enough tickets for the KPI rules"

    browser.get((tmp_path / "report.html").as_uri())
    assert browser.find_element(By.ID, "trends-head").text == "Trend over 3 recorded runs"
    for kpi in kpis:
        points = browser.find_elements(By.CSS_SELECTOR, f'[id="trend-{kpi}"] circle.point')
        recorded = [r["kpis"][kpi] for r in runs]
        assert [float(p.get_attribute("data-value")) for p in points] == pytest.approx(recorded)
        tops = [browser.execute_script("return arguments[0].getBoundingClientRect().top", p)
                for p in points]
        # drawn where the values say: a higher value sits higher on the page
        for (v1, t1), (v2, t2) in itertools.combinations(zip(recorded, tops, strict=True), 2):
            if abs(v1 - v2) > 1e-9:
                assert (v1 > v2) == (t1 < t2), kpi
        line = browser.find_element(By.CSS_SELECTOR, f'[id="trend-{kpi}"] polyline.line')
        assert browser.execute_script(
            "return arguments[0].getBoundingClientRect().width", line) > 0
    rows = browser.find_elements(By.CSS_SELECTOR, "#trend-rules tbody tr")
    assert {r.get_attribute("data-rule") for r in rows} == set(runs[-1]["rules"])
    for row in rows:
        rule = row.get_attribute("data-rule")
        counts = [r["rules"][rule] for r in runs]
        points = row.find_elements(By.CSS_SELECTOR, "circle.point")
        assert [int(p.get_attribute("data-value")) for p in points] == [
            c["findings"] for c in counts if c["evaluated"]]
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.find_element(By.ID, "trends-head").location_once_scrolled_into_view  # noqa: B018
    assert browser.save_screenshot(str(ARTIFACTS / "report-html-trend.png"))
