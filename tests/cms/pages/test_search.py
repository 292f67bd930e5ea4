"""The guide's search as residents type: everyday French words, typos, synonyms."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest
from bs4 import BeautifulSoup

from cms.entries.loading import load_guide
from cms.ops.groups import setup_groups
from cms.pages.search import matches, search
from cms.pages.synonyms import SearchSynonym

pytestmark = pytest.mark.django_db


def results_page(client, query):
    response = client.get("/participez/recherche/", {"q": query}, HTTP_HOST="localhost")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return [a.get_text(strip=True) for a in soup.select("[data-search-results] .card__title a")]


def test_everyday_words_lead_to_the_right_entry_first(guide, site_client):
    # Promoted by the editors (seeded by load_guide), shown first and marked.
    soup = results_page(site_client, "signaler")
    assert titles(soup)[0] == "L'application « Dans ma rue »"
    assert soup.select_one(".card--promoted .card__badge").get_text() == "Recommandé"
    assert titles(results_page(site_client, "Voter"))[0] == "Le Budget Participatif"
    # Synonym: "charte" finds the consultation on the charter.
    assert "Charte parisienne de la participation : donnez votre avis" in titles(
        results_page(site_client, "charte")
    )


def test_french_stemming_and_accent_folding(guide):
    def urls(query):
        return {document["url"] for document in matches(query)}

    assert urls("propose") <= urls("proposer")
    assert urls("accessibilite") == urls("Accessibilité") != set()
    # "vote" in the text is found by "voter"; "votre" is not a form of "voter".
    voter = urls("voter")
    assert "/participez/outils/budget-participatif/" in voter
    assert "/participez/consultations/votre-avis-sur-ce-guide/" not in urls("vote")
    assert urls("parisiennes engager")


def test_an_arrondissement_by_its_number(guide, site_client):
    for query in ["18e", "18ème", "18eme"]:
        assert titles(results_page(site_client, query))[0] == (
            "Participer dans le 18e arrondissement"
        ), query


def test_a_typo_gets_a_suggestion_from_the_guide_vocabulary(guide, site_client):
    soup = results_page(site_client, "budjet")
    suggestion = soup.select_one(".search-suggestion")
    assert "Vouliez-vous dire" in suggestion.get_text()
    assert suggestion.a.get_text() == "«\xa0budget\xa0»"
    assert suggestion.a["href"] == "?q=budget#resultats"
    assert "Le Budget Participatif" in titles(soup)
    assert search("kiosqe").results[0]["title"] == "Les Kiosques Citoyens"
    assert search("zzzzzz").results == [] and search("zzzzzz").suggestion == ""


def test_every_kind_of_public_page_is_searchable(guide):
    found = {document["kind"] for document in matches("participation")}
    assert {"entry", "section", "page", "consultation"} <= found
    assert matches("mentions legales")[0]["url"] == "/participez/mentions-legales/"


def test_editors_synonyms_and_promotions_apply_at_once(guide, site_client):
    SearchSynonym.objects.create(term="mairie", expansions="Conseils de quartier")
    assert "Les Conseils de quartier" in titles(results_page(site_client, "mairie"))
    query = Query.get("aide")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://www.paris.fr/aide",
        external_link_text="L'aide de la Ville",
        sort_order=0,
    )
    soup = results_page(site_client, "aide")
    promoted = soup.select_one(".card--promoted .card__title a")
    assert (promoted.get_text(), promoted["href"]) == (
        "L'aide de la Ville",
        "https://www.paris.fr/aide",
    )


def test_loading_the_guide_again_keeps_the_editors_choices(guide):
    SearchSynonym.objects.filter(term="voter").update(expansions="élection")
    SearchPromotion.objects.filter(query__query_string="signaler").delete()
    SearchPromotion.objects.create(
        query=Query.get("signaler"),
        external_link_url="https://www.paris.fr/dansmarue",
        external_link_text="Dans ma rue sur paris.fr",
    )
    load_guide()
    assert SearchSynonym.objects.get(term="voter").expansions == "élection"
    picks = SearchPromotion.objects.filter(query__query_string="signaler")
    assert [pick.external_link_text for pick in picks] == ["Dans ma rue sur paris.fr"]
    assert SearchSynonym.objects.filter(term="voter").count() == 1


def test_a_to_z_lists_entries_topics_and_synonyms(guide, site_client):
    response = site_client.get("/participez/recherche/a-z/", HTTP_HOST="localhost")
    soup = BeautifulSoup(response.content, "html.parser")
    v_links = {
        a.get_text(strip=True): a["href"] for a in soup.select("#lettre-v + .a-to-z__list a")
    }
    assert v_links["voter"] == "/participez/outils/budget-participatif/"
    k_links = [a.get_text(strip=True) for a in soup.select("#lettre-k + .a-to-z__list a")]
    assert "Kiosques Citoyens" in k_links
    # Sorted without their article or guillemets, names kept as written.
    a_links = [a.get_text(strip=True) for a in soup.select("#lettre-a + .a-to-z__list a")]
    assert "Application « Dans ma rue »" in a_links
    i_links = [a.get_text(strip=True) for a in soup.select("#lettre-i + .a-to-z__list a")]
    assert "idee.paris" in i_links
    s_links = {
        a.get_text(strip=True): a["href"] for a in soup.select("#lettre-s + .a-to-z__list a")
    }
    assert s_links["signaler"] == "/participez/plateformes-numeriques/dans-ma-rue/"
    # The search page offers the letters, each one tap from its part of the index.
    search_page = results_page(site_client, "")
    letters = search_page.select(".a-to-z-letters .letter-list a")
    assert "/participez/recherche/a-z/#lettre-v" in [a["href"] for a in letters]


def group_member(name, username):
    setup_groups()
    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=name))
    return user


def test_moderators_manage_synonyms_and_promoted_results_in_the_admin(guide, client):
    client.force_login(group_member("Modérateur·rice·s", "moderatrice"))
    home = client.get("/admin/").content.decode()
    assert "Synonymes de recherche" in home
    assert "/admin/searchpicks/" in home

    synonyms = "/admin/snippets/pages/searchsynonym/"
    assert client.get(synonyms).status_code == 200
    response = client.post(
        f"{synonyms}add/", {"term": "entraide", "expansions": "conseil de quartier"}
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.get(term="entraide").expansions == "conseil de quartier"

    promoted = client.get("/admin/searchpicks/")
    assert promoted.status_code == 200
    assert "signaler" in promoted.content.decode()
    assert client.get("/admin/searchpicks/add/").status_code == 200
    query = Query.get("signaler")
    assert client.get(f"/admin/searchpicks/{query.pk}/").status_code == 200


def test_editors_read_the_synonyms_but_leave_search_to_moderators(guide, client):
    client.force_login(group_member("Rédacteur·rice·s", "redacteur"))
    assert client.get("/admin/snippets/pages/searchsynonym/").status_code == 200
    assert client.get("/admin/snippets/pages/searchsynonym/add/").status_code in (302, 403)
    assert client.get("/admin/searchpicks/").status_code in (302, 403)
