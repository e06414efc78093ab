"""A database password never reaches a report, a history or an error line."""

from __future__ import annotations

import pytest

from svccheck.io.database import is_database_uri, mask_secrets, mask_uri


@pytest.mark.parametrize(("text", "shown"), [
    ("postgresql://qa:pa55word@db/helpdesk", "postgresql://qa:***@db/helpdesk"),
    ("postgres://qa:p%40ss@db:5433/helpdesk?sslmode=require",
     "postgres://qa:***@db:5433/helpdesk?sslmode=require"),
    ("postgresql://qa@db/helpdesk", "postgresql://qa@db/helpdesk"),
    ("sqlite:///audits.db", "sqlite:///audits.db"),
    ("mysql://qa:s3cret@db:3306/helpdesk", "mysql://qa:***@db:3306/helpdesk"),
    ("mariadb://qa:p%3Ass@db/helpdesk", "mariadb://qa:***@db/helpdesk"),
])
def test_the_uri_password_is_masked(text, shown):
    assert mask_uri(text) == shown


def test_a_driver_message_quoting_the_password_is_masked(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "from-the-env")
    message = ("could not connect with host=db password=hunter22 user=qa; "
               "tried from-the-env and postgresql://qa:hunter22@db/x")
    masked = mask_secrets(message, ["hunter22", "from-the-env"])
    assert "hunter22" not in masked and "from-the-env" not in masked
    assert "password=*** user=qa" in masked and "qa:***@db" in masked
    assert mask_uri("postgresql://qa@db/x?note=from-the-env") == "postgresql://qa@db/x?note=***"


def test_mysql_pwd_is_masked_like_pgpassword(monkeypatch):
    monkeypatch.setenv("MYSQL_PWD", "mysql-env-pw")
    assert mask_uri("mysql://qa@db/x?note=mysql-env-pw") == "mysql://qa@db/x?note=***"


@pytest.mark.parametrize(("text", "database"), [
    ("postgresql://h/db", True), ("POSTGRES://h/db", True), ("sqlite:///x.db", True),
    ("mysql://h/db", True), ("MariaDB://h/db", True), ("mysql+pymysql://h/db", True),
    ("tickets.csv", False), ("oracle://h/db", False), ("./postgresql:/x.csv", False),
])
def test_what_counts_as_a_database_argument(text, database):
    assert is_database_uri(text) is database
