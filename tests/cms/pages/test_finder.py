"""The "Comment participer ?" finder: one question per page, the answers in the path."""

import pytest
from bs4 import BeautifulSoup

from cms.pages.views import public_paths

pytestmark = pytest.mark.django_db
BASE = "/participez/comment-participer/"


def get(client, path, status=200):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == status, path
    return BeautifulSoup(response.content.decode(), "html.parser")


def answers(soup):
    return {a.get_text(" ", strip=True): a["href"] for a in soup.select("main ul a")}


def groups(soup):
    """{group heading: [(title, why, contacts text)]} of a result page."""
    # An ordinal is a superscript ("20<sup>e</sup>", as in the PDF): read it as "20e".
    for sup in soup.select("sup"):
        sup.unwrap()
    soup.smooth()
    found = {}
    for section in soup.select(".result-group"):
        title = section.find("h2").get_text(" ", strip=True).rsplit(" (", 1)[0]
        found[title] = [
            (
                card.select_one(".card__title").get_text(strip=True),
                card.select_one(".card__why").get_text(" ", strip=True),
                " ".join(card.get_text(" ").split()),
            )
            for card in section.select(".card")
        ]
    return found


def follow(client, *labels):
    """Follow answer links by their label from the first question; returns the last page."""
    soup = get(client, BASE)
    for label in labels:
        soup = get(client, answers(soup)[label])
    return soup


def test_a_young_resident_of_a_quartier_populaire_of_the_19e_who_wants_to_propose(
    guide, site_client
):
    soup = follow(
        site_client,
        "19e arrondissement",
        "Oui, dans un quartier populaire",
        "Un·e jeune de 15 à 30 ans",
        "Je propose une idée / un projet",
    )
    found = groups(soup)
    assert list(found) == ["Près de chez vous, dans le 19e", "Pour vous", "Dans tout Paris"]
    local = {title: (why, text) for title, why, text in found["Près de chez vous, dans le 19e"]}
    assert "conseilcitoyen19@gmail.com" in local["Les conseils citoyens"][1]
    assert "quartier populaire du 19e" in local["Les conseils citoyens"][0]
    fph = local["Les Fonds de Participation des Habitants (FPH)"][1]
    assert "Projets-19" in fph and "01 53 26 57 37" in fph
    assert [title for title, *_ in found["Pour vous"]] == [
        "Le Conseil Parisien de la Jeunesse (CPJ)"
    ]
    assert "Le Budget Participatif" in [title for title, *_ in found["Dans tout Paris"]]


def test_an_association_of_the_20e_looking_for_help_gets_the_three_20e_funds(guide, site_client):
    soup = follow(
        site_client,
        "20e arrondissement",
        "Non, ailleurs dans le 20e",
        "Une association, un collectif ou un·e bénévole",
        "Je me fais accompagner",
    )
    local = groups(soup)["Près de chez vous, dans le 20e"]
    fph = next(text for title, _why, text in local if title.startswith("Les Fonds"))
    for association, phone in [
        ("Archipelia", "01 47 97 02 96"),
        # The association as typed, "AOCSA - La 20e Chaise", set with an en dash.
        ("AOCSA – La 20e Chaise", "01 43 49 02 49"),
        ("Soleil Blaise", "01 44 93 00 72"),
    ]:
        assert association in fph and phone in fph
    assert "Projets-19" not in fph
    assert "Les conseils citoyens" not in [title for title, *_ in local]  # not for them


def test_a_senior_of_the_12e_gets_the_kiosque_and_the_coderpa(guide, site_client):
    # The 12e has no quartier populaire in the guide: that question is skipped.
    soup = follow(site_client, "12e arrondissement")
    assert soup.find("h1").get_text(strip=True) == "Vous êtes…"
    soup = get(site_client, answers(soup)["Un·e senior ou retraité·e"])
    soup = get(site_client, answers(soup)["Je ne sais pas encore : tout voir"])
    text = " ".join(soup.find("main").get_text(" ").split())
    assert "kiosque-citoyen12@paris.fr" in text
    assert "kiosquecitoyen14@paris.fr" not in text
    coderpa = next(card for title, _why, card in groups(soup)["Pour vous"] if "CODERPA" in title)
    assert "15 rue de Chaligny" in coderpa and "01 49 27 95 79" in coderpa
    assert "Le Conseil Parisien de la Jeunesse (CPJ)" not in text


def test_steps_that_change_nothing_are_collapsed_and_every_step_is_published(guide, site_client):
    soup = get(site_client, BASE)
    # Nothing of its own in the 5e: straight to the Paris-wide questions.
    assert answers(soup)["5e arrondissement"] == f"{BASE}paris/"
    assert answers(soup)["18e arrondissement"] == f"{BASE}18e/"
    paths = set(public_paths())
    assert f"{BASE}19e/quartier-populaire/jeune-et-association/je-m-engage/" in paths
    assert f"{BASE}5e/" not in paths
    assert f"{BASE}12e/quartier-populaire/" not in paths
    get(site_client, f"{BASE}12e/quartier-populaire/", status=404)
    get(site_client, f"{BASE}19e/jeune/", status=404)
    get(site_client, f"{BASE}19e/quartier-populaire/pirate/", status=404)
    # The five paths of the landing page still answer next to the finder.
    get(site_client, f"{BASE}je-propose/")


def test_the_quartier_populaire_question_helps_with_the_fph_table(guide, site_client):
    soup = get(site_client, f"{BASE}20e/")
    # Without a separator: "Portes du 20e" holds its ordinal in a <sup>.
    help_text = soup.select_one("details.help").get_text()
    for quartier in ["Belleville", "Amandiers", "Portes du 20e"]:
        assert quartier in help_text
