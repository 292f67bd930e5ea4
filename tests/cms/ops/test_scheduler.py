"""Scheduled publishing runs inside the worker; `runall` starts and stops everything together."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from urllib.request import urlopen

from django.utils import timezone

import pytest

from cms.entries.factories import EntryFactory
from cms.entries.models import Entry
from cms.ops.worker import Scheduler, publish_scheduled

from .conftest import ROOT


@pytest.mark.django_db
def test_an_entry_scheduled_in_the_past_goes_live_when_the_scheduler_runs():
    entry = EntryFactory(live=False, title="Conseil programmé")
    revision = entry.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1))
    assert not Entry.objects.get(pk=entry.pk).live
    assert revision.approved_go_live_at is not None

    publish_scheduled()

    assert Entry.objects.get(pk=entry.pk).live


@pytest.mark.django_db
def test_the_scheduler_runs_at_once_then_at_each_interval(monkeypatch, settings):
    settings.SCHEDULED_PUBLISHING_SECONDS = 1
    calls = []
    monkeypatch.setattr("cms.ops.worker.publish_scheduled", lambda: calls.append(time.monotonic()))
    monkeypatch.setattr("cms.ops.worker.connection.close", lambda: None)
    monkeypatch.setattr("cms.ops.worker.close_old_connections", lambda: None)
    scheduler = Scheduler(interval=0.2)
    scheduler.start()
    time.sleep(0.5)
    scheduler.stop()
    scheduler.join(2)
    assert not scheduler.is_alive()
    assert len(calls) >= 2


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid):
    result = subprocess.run(  # noqa: S603
        ["ps", "-o", "pid=", "--ppid", str(pid)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return [int(line) for line in result.stdout.split()]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie awaiting its parent's wait() is gone for our purpose.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


@pytest.mark.slow
def test_runall_serves_the_admin_runs_a_worker_and_stops_them_together(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runall", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/admin/" in first_line
        deadline = time.monotonic() + 90
        while True:
            try:
                with urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=2) as response:
                    assert response.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "le serveur web ne répond pas"
                time.sleep(0.5)
        children = children_of(process.pid)
        commands = [open(f"/proc/{pid}/cmdline").read() for pid in children]
        assert any("runserver" in command for command in commands)
        assert any("db_worker" in command for command in commands)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(30)
    time.sleep(0.5)
    assert not [pid for pid in children if alive(pid)]
