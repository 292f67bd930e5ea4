"""ConsultationBlock places a consultation in any CMS page, framed or inline."""

import pytest

from cms.consultations.blocks import ConsultationBlock

pytestmark = pytest.mark.django_db


def test_iframe_block_points_at_the_live_embed(consultation, settings):
    settings.BASE_URL = "https://participez.paris.fr"
    block = ConsultationBlock()
    html = block.render(block.to_python({"consultation": consultation.pk, "display": "iframe"}))
    assert (
        f'src="https://participez.paris.fr/participez/consultations/{consultation.slug}/embed/"'
        in html
    )
    assert "embed-resize.js" in html
    assert f"https://participez.paris.fr/participez/consultations/{consultation.slug}/" in html


def test_inline_block_posts_to_the_live_application_without_a_shared_token(consultation, settings):
    settings.BASE_URL = "https://participez.paris.fr"
    block = ConsultationBlock()
    html = block.render(block.to_python({"consultation": consultation.pk, "display": "inline"}))
    assert (
        f'action="https://participez.paris.fr/participez/consultations/{consultation.slug}/"'
        in html
    )
    assert 'name="q_engagement"' in html
    # Rendered once for the static site: a token here would be shared by every visitor.
    assert 'name="jeton" value="' not in html
