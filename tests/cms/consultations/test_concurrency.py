"""Concurrent submissions against a real server (gunicorn, several workers and threads):
every accepted answer is stored exactly once and the server never answers 500.

The server runs in a subprocess on the test database: on SQLite the in-memory test
database is copied to a file (the backup API takes milliseconds, a migrate would take
a minute); on PostgreSQL (DATABASE_URL set, as CI's second run does) it uses the test
database itself, which `transactional_db` lets it see.
"""

import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Answer

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(tmp_path):
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "concurrency.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", path
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}", None


@pytest.fixture
def server(tmp_path):
    consultation = ConsultationFactory(slug="concurrence")
    url, sqlite_path = database_url(tmp_path)
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "CONSULTATION_MIN_FILL_SECONDS": "0",
        "CONSULTATION_RATE_LIMIT": "0/60",
    }
    env.pop("REDIS_URL", None)
    log = open(tmp_path / "gunicorn.log", "w")
    process = subprocess.Popen(  # noqa: S603
        [
            str(GUNICORN),
            "cms.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "3",
            "-k",
            "gthread",
            "--threads",
            "4",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _headers, _body = request(port, "GET", consultation.get_embed_path())
                if status == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn n'a pas démarré"
            time.sleep(0.3)
        yield port, consultation, sqlite_path
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def form_body(token, n):
    return urlencode(
        {
            "jeton": token,
            "q_engagement": "Former",
            "q_outils": "Budget Participatif",
            "q_arrondissement": str(n % 20 + 1),
            "q_commentaires": f"Réponse {n}",
        }
    )


def stored_count(sqlite_path, slug):
    if sqlite_path is None:
        return Answer.objects.filter(consultation__slug=slug).count(), Answer.objects.values(
            "submission_token"
        ).distinct().count()
    with sqlite3.connect(sqlite_path) as db:
        total = db.execute("SELECT COUNT(*) FROM consultations_answer").fetchone()[0]
        distinct = db.execute(
            "SELECT COUNT(DISTINCT submission_token) FROM consultations_answer"
        ).fetchone()[0]
    return total, distinct


def test_concurrent_double_submissions_are_stored_exactly_once(server):
    port, consultation, sqlite_path = server
    embed = consultation.get_embed_path()
    json_path = f"{consultation.get_url_path()}answers.json"
    residents = 24

    def fetch_token(n):
        if n % 3 == 0:
            status, _h, body = request(port, "GET", json_path)
            assert status == 200
            return ("json", json.loads(body)["token"])
        status, _h, body = request(port, "GET", embed)
        assert status == 200
        return ("form", re.search(rb'name="jeton" value="([^"]+)"', body).group(1).decode())

    with ThreadPoolExecutor(8) as pool:
        tokens = list(pool.map(fetch_token, range(residents)))

    # Every resident double-clicks: two identical requests race each other.
    start = threading.Barrier(16)
    statuses = []
    lock = threading.Lock()

    def send(job):
        n, (kind, token) = job
        if kind == "json":
            payload = {
                "token": token,
                "answers": {"engagement": "Rendre compte", "arrondissement": n % 20 + 1},
            }
            args = ("POST", json_path, json.dumps(payload), {"Content-Type": "application/json"})
        else:
            args = (
                "POST",
                embed,
                form_body(token, n),
                {"Content-Type": "application/x-www-form-urlencoded"},
            )
        try:
            start.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        status, headers, _body = request(port, *args)
        with lock:
            statuses.append((kind, status, headers.get("Location", "")))

    jobs = [(n, token) for n, token in enumerate(tokens) for _copy in range(2)]
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(send, jobs))

    assert not [s for s in statuses if s[1] >= 500], statuses
    assert all(status == 303 for kind, status, _l in statuses if kind == "form"), statuses
    assert all(status == 201 for kind, status, _l in statuses if kind == "json"), statuses
    total, distinct = stored_count(sqlite_path, consultation.slug)
    assert total == distinct == residents


def test_a_valid_answer_costs_one_sql_statement(client, consultation, fresh_form):
    """The INSERT alone: the consultation this process showed is not read again (the
    INSERT checks it is unchanged), no transaction around the single statement, no
    thank-you page rendered on the POST."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.consultations.models import Answer

    from .conftest import valid_answers

    url, token = fresh_form(consultation)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, valid_answers(token))
    assert response.status_code == 303
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert statements == ["INSERT"], queries.captured_queries
    assert Answer.objects.count() == 1
    if connection.vendor == "postgresql":
        # Parsed and planned once per connection, not once per answer.
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [statement for (statement,) in cursor.fetchall()]
        assert any("consultations_answer" in statement for statement in prepared), prepared
