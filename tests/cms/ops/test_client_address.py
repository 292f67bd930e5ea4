"""The client's address behind the load balancer, decided once (cms.ops.clients) and
used by the admin lockout, the consultation rate limits and the logs."""

import json
import secrets

from django.test import RequestFactory

import pytest

from cms.ops.clients import ClientAddressMiddleware, client_ip

from .conftest import run_django

BALANCER = "10.0.0.1"


def request_from(forwarded=None, remote=BALANCER):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", BALANCER),  # no proxy declared: the header is not believed
        (1, None, BALANCER),
        (1, "203.0.113.7", "203.0.113.7"),
        # Entries left of the trusted one were written by the client: ignored.
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (1, "1.1.1.1, 2.2.2.2, 203.0.113.7", "203.0.113.7"),
        (1, "pas-une-adresse", BALANCER),
        # A CDN in front of the balancer: the CDN's address is the last entry.
        (2, "6.6.6.6, 203.0.113.7, 198.51.100.2", "203.0.113.7"),
        (2, "203.0.113.7", BALANCER),
    ],
)
def test_only_the_trusted_end_of_x_forwarded_for_counts(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from(forwarded)) == expected


def test_the_middleware_gives_everything_after_it_the_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("6.6.6.6, 203.0.113.7")
    seen = {}

    def view(req):
        seen.update(req.META)
        return None

    ClientAddressMiddleware(view)(request)
    assert seen["REMOTE_ADDR"] == "203.0.113.7"
    assert seen["PROXY_REMOTE_ADDR"] == BALANCER


BEHIND_THE_BALANCER = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.conf import settings
from django.test.utils import override_settings
# The hashed-name manifest only exists after collectstatic (make serve-prod runs it).
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
from django.contrib.auth import get_user_model
from django.test import Client
from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Answer
import re

get_user_model().objects.create_superuser("admin", "a@example.invalid", "le-bon-mot-de-passe")
H = {"HTTP_HOST": "participez.paris.fr", "secure": True, "REMOTE_ADDR": "10.0.0.1"}

def login(forwarded, password):
    client = Client()
    return client.post("/admin/login/", {"username": "admin", "password": password},
                       HTTP_X_FORWARDED_FOR=forwarded, **H).status_code

attacker = [login("6.6.6.6", "faux") for _ in range(5)]
attacker_after = login("6.6.6.6", "le-bon-mot-de-passe")
# The attacker also tries to pass as the admin's address by prepending it: still its own.
spoofed = login("198.51.100.20, 6.6.6.6", "le-bon-mot-de-passe")
admin = login("198.51.100.20", "le-bon-mot-de-passe")

consultation = ConsultationFactory()
url = consultation.get_url_path()
statuses = []
for n in range(100):
    client = Client()
    forwarded = f"203.0.{n // 250}.{n % 250 + 1}"
    page = client.get(url, HTTP_X_FORWARDED_FOR=forwarded, **H).content.decode()
    token = re.search(r'name="jeton" value="([^"]+)"', page).group(1)
    data = {"jeton": token, "q_engagement": "Former", "q_age": "35-49", "q_arrondissement": "14"}
    statuses.append(client.post(url, data, HTTP_X_FORWARDED_FOR=forwarded, **H).status_code)
same = []
for _ in range(4):
    client = Client()
    page = client.get(url, HTTP_X_FORWARDED_FOR="203.0.9.9", **H).content.decode()
    token = re.search(r'name="jeton" value="([^"]+)"', page).group(1)
    data = {"jeton": token, "q_engagement": "Former", "q_age": "35-49", "q_arrondissement": "14"}
    same.append(client.post(url, data, HTTP_X_FORWARDED_FOR="203.0.9.9", **H).status_code)
print(json.dumps({
    "attacker": attacker, "attacker_after": attacker_after, "spoofed": spoofed, "admin": admin,
    "statuses": statuses, "same": same, "stored": Answer.objects.count(),
}))
"""


@pytest.mark.slow
def test_behind_the_balancer_one_client_is_one_client(tmp_path):
    """Production settings, one load balancer in front (TRUSTED_PROXY_COUNT=1)."""
    result = run_django(
        BEHIND_THE_BALANCER,
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        REDIS_URL="",
        ALLOWED_HOSTS="participez.paris.fr",
        BASE_URL="https://participez.paris.fr",
        TRUSTED_PROXY_COUNT="1",
        CONSULTATION_MIN_FILL_SECONDS="0",
        CONSULTATION_RATE_LIMIT="3/600",
        AXES_FAILURE_LIMIT="5",
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # Five wrong passwords lock that client out, not the admin elsewhere in the city.
    assert seen["attacker"] == [200, 200, 200, 200, 429]
    assert seen["attacker_after"] == 429
    assert seen["spoofed"] == 429
    assert seen["admin"] == 302
    # 100 residents behind the same balancer are 100 rate-limit buckets, not one.
    assert seen["statuses"] == [303] * 100
    assert seen["same"] == [303, 303, 303, 429]
    assert seen["stored"] == 103
