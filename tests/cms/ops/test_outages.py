"""Outages simulated the way they happen: Redis on a closed port, PostgreSQL replaced by a
socket that accepts and never answers, the database refusing mid-request. Residents get
the documented 429/503 pages with their answers given back; /healthz answers in time."""

import json
import logging
import secrets
import socket
import threading
import time

from django.test import Client

import pytest

from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Answer

from ..consultations.conftest import token_from, valid_answers
from .conftest import run_django

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Nothing listens on port 1: connections are refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def consultation(settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    settings.CONSULTATION_RATE_LIMIT = "30/600"
    return ConsultationFactory()


def test_redis_down_the_rate_limit_fails_open_and_says_so(client, consultation, settings, caplog):
    url = consultation.get_url_path()
    token = token_from(client.get(url))
    settings.CACHES = CLOSED_PORT_REDIS
    with caplog.at_level(logging.WARNING, logger="cms.consultations.protection"):
        response = client.post(url, valid_answers(token))
    assert response.status_code == 303
    assert Answer.objects.count() == 1
    assert "Limite d'envois indisponible" in caplog.text


def test_database_refused_after_a_form_gives_the_answers_back(client, consultation, stop_database):
    url = consultation.get_url_path()
    token = token_from(client.get(url))
    stop_database()
    response = Client(raise_request_exception=False).post(url, valid_answers(token))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Service momentanément indisponible" in html or "momentanément indisponible" in html
    # Everything typed is back in the form, with the same token to send it again.
    assert 'value="Des réunions le soir"' in html
    assert "Merci pour ce guide." in html
    assert token in html
    assert "Traceback" not in html and "5432" not in html


def test_database_refused_on_a_form_this_process_never_saw_still_gives_the_text_back(
    consultation, stop_database
):
    from cms.consultations import views

    views._LAST_SEEN.clear()
    stop_database()
    response = Client(raise_request_exception=False).post(
        consultation.get_url_path(), valid_answers("x", q_commentaires="Mon avis précieux")
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "Mon avis précieux" in html
    assert "Des réunions le soir" in html


def test_database_refused_json_answers_are_json_503_with_security_headers(
    client, consultation, stop_database
):
    stop_database()
    outside = Client(raise_request_exception=False)
    for response in (
        outside.post(
            f"{consultation.get_url_path()}answers.json",
            json.dumps({"token": "x", "answers": {}}),
            content_type="application/json",
        ),
        outside.get("/api/v2/entries/"),
    ):
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert response.json()["status"] == "unavailable"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never says a word (a hung PostgreSQL)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


HEALTHZ_SCRIPT = """
import json, time, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="participez.paris.fr")
start = time.monotonic()
response = client.get("/healthz")
print(json.dumps({"status": response.status_code, "seconds": time.monotonic() - start,
                  "body": response.json()}))
"""


@pytest.mark.slow
def test_healthz_answers_503_within_5_seconds_when_the_database_hangs(silent_server, tmp_path):
    result = run_django(
        HEALTHZ_SCRIPT,
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"postgres://participez@127.0.0.1:{silent_server}/participez",
        REDIS_URL="",
        ALLOWED_HOSTS="participez.paris.fr",
        SECURE_SSL_REDIRECT="0",
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 503
    assert seen["body"]["checks"]["database"]["ok"] is False
    assert seen["seconds"] < 5


def test_healthz_gives_up_on_a_check_that_never_returns(client, monkeypatch, settings):
    from cms.ops import views

    settings.HEALTHZ_TIMEOUT = 0.5
    monkeypatch.setattr(views, "_check_database", lambda: time.sleep(3))
    start = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - start < 2
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "Timeout"}
