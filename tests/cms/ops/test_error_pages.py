"""A crash shows residents a French page, even when the page itself cannot be built."""

from django.test import RequestFactory

from cms.ops.views import server_error


def test_500_is_a_french_page_that_needs_no_database():
    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(RequestFactory().get("/participez/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Une erreur est survenue" in html
