"""Which sites may frame the forms and post to them."""

from cms.consultations.protection import is_allowed_origin


def test_a_port_wildcard_allows_any_local_port_and_nothing_else(settings):
    settings.CONSULTATION_EMBED_ALLOWED_ORIGINS = ["http://127.0.0.1:*", "https://*.paris.fr"]
    assert is_allowed_origin("http://127.0.0.1:8001")
    assert is_allowed_origin("https://mairie18.paris.fr")
    assert not is_allowed_origin("http://127.0.0.2:8001")
    assert not is_allowed_origin("https://127.0.0.1:8001")
    assert not is_allowed_origin("http://evil.example:8001")
    assert not is_allowed_origin("https://paris.fr.evil.example")
