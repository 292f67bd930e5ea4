"""Done when: a client that only speaks to the API rebuilds every entry, figure, contact
and FPH row of the guide, as shipped in cms/entries/data/guide.yaml.

The API sets the texts editors write in French typography, as the web pages and the PDF
do (l'→l’); the shipped data keeps the editors' text, so it is compared through the same
rules (`typographie`, `typographie_texte`). Slugs, URLs, e-mails and phones are as stored."""

import re

import pytest

from cms.entries.loading import read_guide_data
from cms.entries.models import GuideFrame
from cms.entries.presentation import arrondissement_digest
from cms.entries.typography import typographie, typographie_texte

from .conftest import get_all

pytestmark = pytest.mark.django_db


def plain(html):
    return re.sub(r"\s+", " ", html or "").strip()


def test_api_alone_rebuilds_the_whole_guide(client, guide):
    data = read_guide_data()
    entries = get_all(client, "/api/v2/entries/?fields=*")
    rows = get_all(client, "/api/v2/fph/")
    assert [e["slug"] for e in entries] == [item["slug"] for item in data["entries"]]

    for item, entry in zip(data["entries"], entries, strict=True):
        assert entry["meta"]["html_url"].endswith(
            f"/participez/{entry['section']['slug']}/{item['slug']}/"
        )
        for name in ["kind", "min_age", "max_age"]:
            assert entry[name] == (item.get(name) if name.endswith("_age") else item.get(name))
        for name in ["title", "short_name", "group"]:
            assert entry[name] == typographie_texte(item.get(name) or "")
        for name in ["summary", "for_whom", "why", "how"]:
            assert plain(entry[name]) == plain(typographie(item.get(name))), (item["slug"], name)
            assert "'" not in re.sub(r"<[^>]*>", "", entry[name]), (item["slug"], name)
        assert entry["key_figures"] == [typographie_texte(f) for f in item.get("key_figures", [])]
        assert [
            {
                "kind": c["kind"],
                "label": c["label"],  # as printed: French typography
                # The guide prints phone numbers the French way; the API also keeps E.164.
                "value": c["display_value"] if c["kind"] == "phone" else c["value"],
                "arrondissement": c["arrondissement"],
            }
            for c in entry["contacts"]
        ] == [
            {
                "kind": c["kind"],
                "label": typographie_texte(c.get("label") or ""),
                "value": c.get("value") or "",
                "arrondissement": c.get("arrondissement"),
            }
            for c in item.get("contacts", [])
        ], item["slug"]
        assert [(link["label"], link["url"]) for link in entry["links"]] == [
            (typographie_texte(link.get("label") or "Pour plus d'informations"), link["url"])
            for link in item.get("links", [])
        ]
        assert sorted(a["code"] for a in entry["audiences"]) == sorted(item.get("audiences", []))
        assert sorted(a["code"] for a in entry["actions"]) == sorted(item.get("actions", []))
        expected_places = item.get("arrondissements", "all")
        assert entry["citywide"] == (expected_places == "all")
        if expected_places != "all":
            assert entry["arrondissements"] == sorted(expected_places)

    shipped_funds = [fund for item in data["entries"] for fund in item.get("fph_funds", [])]
    assert len(rows) == len(shipped_funds) == 12
    for fund, row in zip(shipped_funds, rows, strict=True):
        assert row["arrondissement"] == fund["arrondissement"]
        assert row["quartier"] == typographie_texte(fund.get("quartier") or "")
        assert row["fund"] == fund["fund"]
        assert row["association"] == typographie_texte(fund["association"])
        assert re.sub(r"\D", "", row["phone_display"]) == re.sub(r"\D", "", str(fund["phone"]))
        assert row["phone"].startswith("+33")
        assert row["phone_note"] == (fund.get("phone_note") or "")


def test_arrondissement_shows_resolved_conseil_citoyen_and_kiosque(client, guide):
    eighteenth = client.get("/api/v2/arrondissements/18/").json()
    values = {c["value"] for c in eighteenth["contacts"]}
    assert "conseilcitoyen18@gmail.com" in values
    assert {row["arrondissement"] for row in eighteenth["fph_funds"]} == {18}
    assert len(eighteenth["fph_funds"]) == 3
    fourteenth = client.get("/api/v2/arrondissements/14/").json()
    assert "kiosquecitoyen14@paris.fr" in {c["value"] for c in fourteenth["contacts"]}
    first = client.get("/api/v2/arrondissements/1/").json()
    assert not any("conseilcitoyen" in c["value"] for c in first["contacts"])
    assert eighteenth["meta"]["html_url"].endswith("/participez/arrondissements/18/")


def test_filters_match_the_guide(client, guide):
    in_18 = {e["slug"] for e in get_all(client, "/api/v2/entries/?arrondissement=18")}
    in_1 = {e["slug"] for e in get_all(client, "/api/v2/entries/?arrondissement=1")}
    assert "conseils-citoyens" in in_18 and "conseils-citoyens" not in in_1
    young = get_all(client, "/api/v2/entries/?audience=young&fields=audiences")
    assert young and all("young" in {a["code"] for a in e["audiences"]} for e in young)
    tools = get_all(client, "/api/v2/entries/?kind=tool&fields=kind")
    assert tools and {e["kind"] for e in tools} == {"tool"}
    found = get_all(client, "/api/v2/entries/?search=jeunesse")
    assert "conseil-parisien-jeunesse" in {e["slug"] for e in found}


def test_arrondissement_matches_its_web_page(client, guide):
    listing = get_all(client, "/api/v2/arrondissements/?fields=contacts")
    for number in range(1, 21):
        item = client.get(f"/api/v2/arrondissements/{number}/?fields=*").json()
        digest = arrondissement_digest(number)
        assert item["nearby_entries"] == [local.entry.pk for local in digest["nearby"]]
        assert item["through_mairie_entries"] == [local.entry.pk for local in digest["mairie"]]
        # The page shows the contacts of every entry that applies, in its three groups.
        served = [
            *digest["nearby"],
            *digest["mairie"],
            *(local for _section, group in digest["citywide"] for local in group),
        ]
        page = {(c.value, c.href) for local in served for c in local.contacts}
        api = {(c["value"], c["href"]) for c in item["contacts"]}
        assert api == page, number
        assert {(c["value"], c["href"]) for c in listing[number - 1]["contacts"]} == page
        # The Carte citoyenne's short number, on every arrondissement's page.
        assert ("3975", "tel:3975") in api


def test_the_guide_frame_carries_what_the_web_and_the_pdf_show(client, guide):
    data = read_guide_data()["frame"]
    frame = client.get("/api/v2/guide/").json()
    assert frame["edito"]["author"] == typographie_texte(data["edito_author"])
    assert frame["edito"]["role"] == typographie_texte(data["edito_role"])
    assert plain(frame["edito"]["text"]) == plain(typographie(data["edito_text"]))
    assert "https://www.paris.fr/participez" in frame["edito"]["text"]
    assert frame["closing"]["url"] == data["closing_url"]
    assert plain(frame["closing"]["text"]) == plain(typographie(data["closing_text"]))
    assert plain(frame["publisher_block"]) == plain(typographie(data["publisher_block"]))
    assert frame["commitments"] == [
        {"title": typographie_texte(c["title"]), "text": typographie_texte(c["text"])}
        for c in data["commitments"]
    ]
    assert [s["number"] for s in frame["sections"]] == [1, 2, 3, 4, 5]
    assert all(s["intro"] for s in frame["sections"])
    frame_row = GuideFrame.published()
    assert frame["printer_imprint"] == typographie_texte(frame_row.printer_imprint)
    assert frame["legal_deposit"] == typographie_texte(frame_row.legal_deposit)
    document = client.get("/api/v2/openapi.json").json()
    assert "/api/v2/guide/" in document["paths"]
