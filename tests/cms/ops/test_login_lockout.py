import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.5


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(
        "camille", "c@example.invalid", "bon-mot-de-passe"
    )


def attempt(client, password):
    return client.post(LOGIN, {"username": "camille", "password": password})


def test_wagtail_login_still_works(lockout, editor, client):
    response = attempt(client, "bon-mot-de-passe")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_repeated_failures_lock_the_account_with_a_french_message(lockout, editor, client):
    for _ in range(2):
        response = attempt(client, "faux")
        assert response.status_code == 200  # the login form again, with its error

    response = attempt(client, "faux")

    assert response.status_code == 429
    text = response.content.decode()
    assert "Connexion temporairement bloquée" in text
    assert "3 essais" in text
    assert "30 minutes" in text
    # Even the right password is refused until the wait is over.
    response = attempt(client, "bon-mot-de-passe")
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_a_success_resets_the_count(lockout, editor, client):
    attempt(client, "faux")
    attempt(client, "faux")
    assert attempt(client, "bon-mot-de-passe").status_code == 302
    client.logout()
    attempt(client, "faux")
    attempt(client, "faux")
    assert attempt(client, "bon-mot-de-passe").status_code == 302
