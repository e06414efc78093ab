"""An audit never touches the network: exports hold personal data, CI runners are shared.

Every way Python opens a connection or resolves a name is replaced by one
that fails the test; then every input format and every report format runs.
"""

from __future__ import annotations

import socket

import pytest

from svccheck.plugins import load_plugins


def _forbidden(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("svccheck tried to use the network")


@pytest.fixture
def offline(monkeypatch):
    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, _forbidden)
    monkeypatch.setattr(socket, "getaddrinfo", _forbidden)
    monkeypatch.setattr(socket, "create_connection", _forbidden)


@pytest.mark.parametrize("fmt", sorted(load_plugins().reporters))
def test_the_demo_audit_runs_offline_in_every_format(svccheck, offline, fmt, tmp_path):
    run = svccheck("demo", "--format", fmt, "--output", tmp_path / f"report.{fmt}")
    assert run.code == 1, run.err
    assert (tmp_path / f"report.{fmt}").stat().st_size > 0
