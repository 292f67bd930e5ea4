import re

import pytest

from cms.consultations.factories import ConsultationFactory


@pytest.fixture(autouse=True)
def _consultation_settings(settings):
    # Most tests post right after displaying the form; the fill-time rule has its own test.
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    settings.CONSULTATION_RATE_LIMIT = "30/600"
    settings.BASE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]


@pytest.fixture
def consultation(db):
    return ConsultationFactory()


def token_from(response):
    match = re.search(r'name="jeton" value="([^"]+)"', response.content.decode())
    assert match, "le formulaire ne contient pas de jeton"
    return match.group(1)


@pytest.fixture
def fresh_form(client):
    """GET the form page and return (url, token), as a resident's browser would."""

    def _get(consultation, embed=False):
        url = consultation.get_embed_path() if embed else consultation.get_url_path()
        response = client.get(url)
        assert response.status_code == 200
        return url, token_from(response)

    return _get


def valid_answers(token, **overrides):
    data = {
        "jeton": token,
        "q_engagement": "Rendre compte",
        "q_outils": ["Budget Participatif", "Paris Pétition"],
        "q_confiance": "4",
        "q_proposition": "Des réunions le soir",
        "q_commentaires": "Merci pour ce guide.",
        "q_arrondissement": "14",
        "q_age": "35-49",
        "site_web": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
