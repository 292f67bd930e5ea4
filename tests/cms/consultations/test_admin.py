"""The City's team: answers listing and filters, exports, paper entry, results, embed code."""

import csv
import io
import re

from django.utils import timezone

import pytest
from openpyxl import load_workbook

from cms.consultations.factories import ConsultationFactory
from cms.consultations.models import Answer

from .conftest import valid_answers

pytestmark = pytest.mark.django_db

PAYLOAD = '<img src=x onerror="alert(1)">'


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "equipe", "equipe@example.invalid", "mot-de-passe-solide"
    )
    client.force_login(user)
    return client


def make_answer(consultation, **fields):
    import uuid

    values = {
        "consultation": consultation,
        "submission_token": uuid.uuid4(),
        "data": {"engagement": "Rendre compte", "commentaires": "Bien"},
        "arrondissement": 14,
        "age_bracket": "35-49",
    }
    values.update(fields)
    return Answer.objects.create(**values)


def test_answers_listing_filters(admin_client, consultation):
    other = ConsultationFactory(title="Autre consultation")
    make_answer(consultation, arrondissement=3, data={"commentaires": "réponse du troisième"})
    make_answer(
        consultation,
        arrondissement=14,
        source="paper",
        meeting_name="Mairie du 14e",
        data={"commentaires": "réponse papier"},
    )
    make_answer(other, data={"commentaires": "autre consultation"})
    listing = "/admin/consultations/answer/"
    html = admin_client.get(listing).content.decode()
    assert "réponse du troisième" in html and "autre consultation" in html
    html = admin_client.get(listing, {"consultation__id__exact": consultation.pk}).content.decode()
    assert "autre consultation" not in html
    html = admin_client.get(listing, {"arrondissement": 3}).content.decode()
    assert "réponse du troisième" in html and "réponse papier" not in html
    html = admin_client.get(listing, {"source": "paper"}).content.decode()
    assert "réponse papier" in html and "réponse du troisième" not in html
    html = admin_client.get(listing).content.decode()
    assert "submitted_at__gte" in html  # the date filter (today, past 7 days, this month...)


def test_html_in_answers_is_escaped_in_the_admin(admin_client, consultation):
    answer = make_answer(
        consultation, data={"commentaires": PAYLOAD}, email="x@example.org", email_consent=True
    )
    listing = admin_client.get("/admin/consultations/answer/").content.decode()
    assert PAYLOAD not in listing
    assert "&lt;img src=x" in listing
    inspect = admin_client.get(f"/admin/consultations/answer/inspect/{answer.pk}/")
    assert inspect.status_code == 200
    assert PAYLOAD not in inspect.content.decode()


def test_csv_export_neutralises_formulas_and_streams(admin_client, consultation):
    make_answer(
        consultation,
        data={
            "engagement": "Former",
            "proposition": "=1+2",
            "commentaires": "+33 1 23",
            "outils": ["-x", "@y"],
        },
        email="camille@example.org",
        email_consent=True,
        meeting_name="\tréunion",
    )
    make_answer(consultation, data={"commentaires": PAYLOAD}, email="", email_consent=False)
    response = admin_client.get(f"/admin/consultations-outils/{consultation.pk}/export.csv")
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert "Votre proposition" in header and "Adresse électronique (avec consentement)" in header
    first = dict(zip(header, rows[1], strict=True))
    assert first["Votre proposition"] == "'=1+2"
    assert first["Vos commentaires"] == "'+33 1 23"
    assert first["Quels outils connaissez-vous ?"] == "'-x ; @y"
    assert first["Réunion"] == "'\tréunion"
    assert first["Adresse électronique (avec consentement)"] == "camille@example.org"
    second = dict(zip(header, rows[2], strict=True))
    assert second["Vos commentaires"] == PAYLOAD  # kept as inert text, never interpreted


def test_xlsx_export_neutralises_formulas(admin_client, consultation):
    make_answer(
        consultation, data={"proposition": '=HYPERLINK("http://x")', "commentaires": "@SUM(A1)"}
    )
    response = admin_client.get(f"/admin/consultations-outils/{consultation.pk}/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    header, row = rows[0], rows[1]
    values = dict(zip(header, row, strict=True))
    assert values["Votre proposition"] == '\'=HYPERLINK("http://x")'
    assert values["Vos commentaires"] == "'@SUM(A1)"
    cell = workbook.active.cell(row=2, column=header.index("Votre proposition") + 1)
    assert cell.data_type == "s"


def test_paper_entry_uses_the_same_validation_and_is_kept_apart(admin_client, consultation):
    url = f"/admin/consultations-outils/{consultation.pk}/papier/"
    page = admin_client.get(url)
    assert page.status_code == 200
    from .conftest import token_from

    token = token_from(page)
    refused = admin_client.post(
        url, {**valid_answers(token, q_arrondissement="25"), "reunion-meeting_name": ""}
    )
    html = refused.content.decode()
    assert "Indiquez la réunion" in html and "du 1er au 20e" in html
    assert Answer.objects.count() == 0
    data = {
        **valid_answers(token),
        "reunion-meeting_name": "Réunion publique, mairie du 14e",
        "reunion-meeting_date": "15/05/2017",
    }
    saved = admin_client.post(url, data)
    assert saved.status_code == 302
    admin_client.post(url, data)  # a double click on "Enregistrer"
    answer = Answer.objects.get()
    assert answer.source == "paper" and answer.meeting_name == "Réunion publique, mairie du 14e"
    assert timezone.localtime(answer.submitted_at).date().isoformat() == "2017-05-15"

    results = admin_client.get(
        f"/admin/consultations-outils/{consultation.pk}/resultats/"
    ).content.decode()
    assert "0 en ligne, 1 sur papier" in results


def test_paper_entry_is_accepted_after_closing(admin_client):
    closed = ConsultationFactory(
        opens_at=timezone.now() - timezone.timedelta(days=9),
        closes_at=timezone.now() - timezone.timedelta(days=1),
    )
    url = f"/admin/consultations-outils/{closed.pk}/papier/"
    from .conftest import token_from

    token = token_from(admin_client.get(url))
    admin_client.post(url, {**valid_answers(token), "reunion-meeting_name": "Atelier du 12e"})
    assert Answer.objects.filter(source="paper").count() == 1


def test_results_page_counts_percentages_and_accessible_charts(admin_client, consultation):
    for arrondissement, choice, source in [
        (14, "Former", "web"),
        (14, "Former", "embed"),
        (3, "Rendre compte", "paper"),
    ]:
        make_answer(
            consultation,
            arrondissement=arrondissement,
            data={"engagement": choice, "arrondissement": arrondissement},
            source=source,
        )
    url = f"/admin/consultations-outils/{consultation.pk}/resultats/"
    html = admin_client.get(url).content.decode()
    assert "2 en ligne, 1 sur papier" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert '<title id="chart-engagement-title">Quel engagement en priorité ?</title>' in html
    assert (
        '<th scope="row">Former</th><td>2</td><td>100,0 %</td><td>0</td><td>0,0 %</td><td>2</td><td>66,7 %</td>'
        in html
    )
    filtered = admin_client.get(url, {"arrondissement": 3}).content.decode()
    assert "0 en ligne, 1 sur papier" in filtered


def test_tools_page_and_edit_form_show_the_embed_code(admin_client, consultation):
    html = admin_client.get(f"/admin/consultations-outils/{consultation.pk}/").content.decode()
    assert f"http://testserver/participez/consultations/{consultation.slug}/embed/" in html
    assert "&lt;iframe src=&quot;http://testserver/participez/consultations/" in html
    assert "embed-resize.js" in html
    edit = admin_client.get(f"/admin/snippets/consultations/consultation/edit/{consultation.pk}/")
    assert edit.status_code == 200
    assert (
        "Code d&#x27;intégration" in edit.content.decode()
        or "Code d'intégration" in edit.content.decode()
    )
    listing = admin_client.get("/admin/snippets/consultations/consultation/").content.decode()
    assert "Résultats, exports, intégration" in listing


def test_exports_need_permission(client, consultation, django_user_model):
    user = django_user_model.objects.create_user("visiteur", password="mot-de-passe-solide")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(f"/admin/consultations-outils/{consultation.pk}/export.csv")
    assert response.status_code in (302, 403)


def test_inspecting_an_answer_shows_each_question_then_its_answer(admin_client, consultation):
    answer = make_answer(
        consultation,
        data={
            "commentaires": "Merci pour ce guide.",
            "engagement": "Rendre compte",
            "outils": ["Budget Participatif", "Paris Pétition"],
            "ancienne": "Réponse à une question retirée",
        },
    )
    html = admin_client.get(f"/admin/consultations/answer/inspect/{answer.pk}/").content.decode()
    assert "{&#x27;" not in html and "{'" not in html  # no raw Python dict
    shown = re.findall(r"<dt[^>]*>(.*?)</dt><dd[^>]*>(.*?)</dd>", html)
    assert shown == [
        ("Quel engagement en priorité ?", "Rendre compte"),
        ("Quels outils connaissez-vous ?", "Budget Participatif ; Paris Pétition"),
        ("Vos commentaires", "Merci pour ce guide."),
        ("Question retirée depuis (« ancienne »)", "Réponse à une question retirée"),
    ]
