"""Each kind of bad input gets a French message in the GOV.UK error summary, the answers
typed so far come back, and nothing is stored."""

import pytest

from cms.consultations.models import Answer

from .conftest import valid_answers

pytestmark = pytest.mark.django_db


def post(client, consultation, fresh_form, **overrides):
    url, token = fresh_form(consultation)
    response = client.post(url, valid_answers(token, **overrides))
    assert Answer.objects.count() == 0
    return response, response.content.decode()


def assert_summary_links(html, anchor, message):
    summary = html.split('class="c-error-summary"')[1].split("</div>")[0]
    assert 'tabindex="-1"' in html.split('class="c-error-summary"')[1][:80]
    assert "autofocus" in html.split('class="c-error-summary"')[1][:120]
    assert f'href="#{anchor}"' in summary
    assert message in summary
    assert f'id="{anchor}"' in html


def test_missing_required_answer(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, q_engagement=None)
    assert response.status_code == 400
    assert "<title>Erreur : " in html
    assert_summary_links(
        html, "id_q_engagement_0", "Répondez à la question « Quel engagement en priorité ? »"
    )
    # What was typed is kept.
    assert 'value="Des réunions le soir"' in html
    assert "Merci pour ce guide." in html
    assert (
        'value="Paris Pétition" aria-describedby="id_q_outils_hint" id="id_q_outils_2" checked'
        in html
    )


def test_choice_not_offered(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, q_engagement="Tout raser")
    assert response.status_code == 400
    assert_summary_links(html, "id_q_engagement_0", "Choisissez l&#x27;une des réponses proposées")


def test_multiple_choice_not_offered(client, consultation, fresh_form):
    response, html = post(
        client, consultation, fresh_form, q_outils=["Budget Participatif", "Inventé"]
    )
    assert response.status_code == 400
    assert_summary_links(html, "id_q_outils_0", "Choisissez")


def test_scale_out_of_range(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, q_confiance="7")
    assert response.status_code == 400
    assert_summary_links(html, "id_q_confiance_0", "Votre avis est-il pris en compte ?")


def test_short_text_too_long(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, q_proposition="x" * 51)
    assert response.status_code == 400
    assert_summary_links(html, "id_q_proposition", "au plus 50 caractères (elle en fait 51)")


def test_long_text_too_long(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, q_commentaires="é" * 301)
    assert response.status_code == 400
    assert_summary_links(html, "id_q_commentaires", "au plus 300 caractères (elle en fait 301)")


def test_arrondissement_outside_paris(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, q_arrondissement="21")
    assert response.status_code == 400
    assert_summary_links(
        html, "id_q_arrondissement", "Choisissez un arrondissement de Paris, du 1er au 20e."
    )


def test_unknown_age_bracket(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, q_age="centenaire")
    assert response.status_code == 400
    assert_summary_links(html, "id_q_age_0", "Votre tranche d&#x27;âge")


def test_invalid_email(client, consultation, fresh_form):
    response, html = post(
        client, consultation, fresh_form, email="pas-une-adresse", email_consentement="on"
    )
    assert response.status_code == 400
    assert_summary_links(html, "id_email", "Indiquez une adresse électronique valide")


def test_email_without_consent(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, email="camille@example.org")
    assert response.status_code == 400
    assert_summary_links(html, "id_email_consentement", "Cochez la case de consentement")
    assert 'value="camille@example.org"' in html


def test_consent_without_email(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, email_consentement="on")
    assert response.status_code == 400
    assert_summary_links(html, "id_email", "Indiquez votre adresse électronique, ou décochez")


def test_null_character(client, consultation, fresh_form):
    response, html = post(client, consultation, fresh_form, q_proposition="a\x00b")
    assert response.status_code == 400
    assert_summary_links(html, "id_q_proposition", "caractère invalide")


def test_several_errors_are_all_listed_in_form_order(client, consultation, fresh_form):
    response, html = post(
        client,
        consultation,
        fresh_form,
        q_engagement=None,
        q_arrondissement="0",
        q_proposition="y" * 60,
    )
    assert "Il y a 3 problèmes" in html
    summary = html.split('class="c-error-summary"')[1].split("</div>")[0]
    assert (
        summary.index("id_q_engagement_0")
        < summary.index("id_q_proposition")
        < summary.index("id_q_arrondissement")
    )
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_q_proposition_error id_q_proposition_count"' in html


def test_html_in_answers_is_stored_as_text_and_escaped(client, consultation, fresh_form):
    url, token = fresh_form(consultation)
    payload = '<script>alert("x")</script><b>gras</b>'
    response = client.post(
        url, valid_answers(token, q_proposition="y" * 60, q_commentaires=payload)
    )
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    client.post(url, valid_answers(token, q_commentaires=payload))
    assert Answer.objects.get().data["commentaires"] == payload


def test_errors_of_one_resident_never_show_on_the_next_form(client, consultation, fresh_form):
    post(client, consultation, fresh_form, q_engagement=None, q_arrondissement="99")
    html = client.get(consultation.get_url_path()).content.decode()
    assert 'aria-invalid="true"' not in html
    assert "_error" not in html


def test_text_answers_are_never_cut_by_the_browser(client, consultation):
    html = client.get(consultation.get_url_path()).content.decode()
    field = html.split('id="id_q_proposition"')[0].rsplit("<input", 1)[1]
    assert "maxlength" not in field
    assert "maxlength" not in html.split('id="id_q_commentaires"')[0].rsplit("<textarea", 1)[1]
    # A counter says the limit instead, tied to the field for screen readers.
    assert 'data-count-for="id_q_proposition" data-max-length="50"' in html
    assert "50 caractères au plus." in html
    assert "id_q_proposition_count" in html.split('id="id_q_proposition"')[0].rsplit("<input", 1)[1]
    assert "consultations/character-count.js" in html
