from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup

from .conftest import AXE

pytestmark = pytest.mark.browser

# One page of each type, as a resident reaches it on the published site.
PAGE_TYPES = {
    "accueil": "",
    "guide": "participez/",
    "partie": "participez/acteurs/",
    "entree": "participez/outils/fonds-participation-habitants/",
    "arrondissement": "participez/arrondissements/18/",
    "arrondissements": "participez/arrondissements/",
    "fph": "participez/fonds-participation-habitants/",
    "fph-filtre": "participez/fonds-participation-habitants/20/",
    "moteur": "participez/comment-participer/",
    "moteur-question": "participez/comment-participer/20e/",
    "moteur-resultat": "participez/comment-participer/19e/quartier-populaire/jeune/je-propose/",
    "parcours": "participez/comment-participer/je-m-engage/",
    "recherche": "participez/recherche/?q=conseil",
    "recherche-a-z": "participez/recherche/a-z/",
    "edito": "participez/edito/",
    "accessibilite": "participez/declaration-accessibilite/",
    "mentions": "participez/mentions-legales/",
    "consultations": "participez/consultations/",
    "consultation": "participez/consultations/votre-avis-sur-ce-guide/",
    "consultation-terminee": "participez/consultations/charte-parisienne-participation-2017/",
    "404": "404.html",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def open_page(browser, url, width, javascript=True):
    page = browser.new_page(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    outside = []
    host = urlsplit(url).netloc
    page.on(
        "request",
        lambda request: urlsplit(request.url).netloc != host and outside.append(request.url),
    )
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, response, outside


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:5])
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("width", [320, 1280])
def test_every_page_type_passes_axe_without_third_party_requests(
    static_site, browser, screenshots, width
):
    base, _out = static_site
    problems = {}
    for name, path in PAGE_TYPES.items():
        page, response, outside = open_page(browser, base + path, width)
        assert response.status == 200, path
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
        violations = axe_violations(page)
        # Nothing wider than the screen: no horizontal scrolling.
        overflow = page.evaluate("document.documentElement.scrollWidth") > width
        if violations or outside or overflow:
            problems[name] = {"axe": violations, "tiers": outside, "trop large": overflow}
        page.close()
    assert problems == {}


def test_usable_at_320_pixels(static_site, browser):
    base, _out = static_site
    for path in [
        "participez/",
        "participez/arrondissements/18/",
        "participez/fonds-participation-habitants/",
    ]:
        page, _response, _outside = open_page(browser, base + path, 320)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        # The FPH table scrolls inside its own focusable region instead of the page.
        page.close()


def test_every_internal_link_leads_somewhere(static_site):
    base, _out = static_site
    seen, pending, broken = set(), [base], []
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urlopen(url) as response:  # noqa: S310 (our own loopback server)
                body = response.read()
                kind = response.headers.get_content_type()
        except HTTPError as error:
            broken.append((url, error.code))
            continue
        if kind != "text/html":
            continue
        soup = BeautifulSoup(body, "html.parser")
        for tag, attribute in [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")]:
            for element in soup.find_all(tag, attrs={attribute: True}):
                target = urldefrag(urljoin(url, element[attribute])).url
                if target.startswith(base):
                    pending.append(target)
    assert broken == []
    # Every page of the sitemap is reachable by links, and the assets and PDFs were followed.
    sitemap = urlopen(base + "sitemap.xml").read().decode()  # noqa: S310
    locations = BeautifulSoup(sitemap, "html.parser").find_all("loc")
    published = [urlsplit(loc.get_text()).path.lstrip("/") for loc in locations]
    assert len(published) > 70
    assert {base + path for path in published} <= seen
    for asset in [
        "static/css/site.css",
        "static/js/search.js",
        "participez/guide.pdf",
        "participez/guide-impression.pdf",
    ]:
        assert base + asset in seen


def test_skip_link_and_focus_are_visible(static_site, browser):
    base, _out = static_site
    page, _response, _outside = open_page(browser, base + "participez/arrondissements/18/", 1280)
    page.keyboard.press("Tab")
    skip = page.evaluate(
        """() => { const el = document.activeElement; const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return {text: el.textContent, top: box.top, outline: style.outlineStyle, width: style.outlineWidth}; }"""
    )
    assert skip["text"] == "Aller au contenu"
    assert skip["top"] >= 0 and skip["outline"] != "none" and skip["width"] != "0px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [document.activeElement.tagName, s.outlineStyle]; }"
    )
    assert focused[0] == "A" and focused[1] != "none"
    page.close()


def test_point_median_reaches_assistive_technology_intact(static_site, browser):
    base, _out = static_site
    page, _response, _outside = open_page(browser, base + "participez/", 1280)
    assert "Parisien·ne·s" in page.locator("main").aria_snapshot()
    assert "Parisien·ne·s" in page.inner_text("main")
    page.close()


def test_residents_find_their_conseil_citoyen_and_fph_in_two_clicks_without_javascript(
    static_site, browser
):
    base, _out = static_site
    page, _response, _outside = open_page(browser, base + "participez/", 375, javascript=False)
    page.get_by_role("link", name="Participer dans le 18e arrondissement").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="conseilcitoyen18@gmail.com").is_visible()
    assert page.get_by_text("Salle Saint Bruno").is_visible()
    page.get_by_role("link", name="Fonds de Participation des Habitants", exact=True).click()
    assert page.url.endswith("#fonds")
    page.close()

    page, _response, _outside = open_page(
        browser, base + "participez/fonds-participation-habitants/", 375, javascript=False
    )
    page.locator(".filter").get_by_role("link", name="13e").click()
    page.wait_for_load_state()
    assert page.locator("table tbody tr").count() == 1
    assert "Association Rungis Brillat Peupliers" in page.inner_text("table")
    page.close()


def search_from_the_header(browser, url, query, width=375, javascript=True):
    page = browser.new_page(
        viewport={"width": width, "height": 568 if width == 320 else 900},
        java_script_enabled=javascript,
    )
    page.goto(url)
    page.get_by_label("Rechercher dans le guide").fill(query)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return page


def result_titles(page):
    page.wait_for_selector("#resultats")
    return page.locator("[data-search-results] .card__title a").all_inner_texts()


def test_static_search_runs_pagefind_with_the_guide_rules(static_site, browser, screenshots):
    base, out = static_site
    assert (out / "pagefind" / "pagefind.js").is_file()
    page = search_from_the_header(browser, base + "participez/", "petition")
    assert result_titles(page)[0] == "Paris Pétition"
    page.close()
    # The editors' promotion comes first, marked.
    page = search_from_the_header(browser, base + "participez/", "signaler")
    assert result_titles(page)[0] == "L'application « Dans ma rue »"
    assert page.locator(".card--promoted .card__badge").first.inner_text() == "Recommandé"
    page.close()
    # French stemming: "voter" finds the Budget Participatif (promoted) and what says "vote".
    page = search_from_the_header(browser, base + "participez/", "voter", 320)
    assert result_titles(page)[0] == "Le Budget Participatif"
    assert len(result_titles(page)) > 1
    page.screenshot(path=str(screenshots / "search-results-voter-320.png"))
    page.close()
    # A typo: the guide's own word is suggested and its results shown.
    page = search_from_the_header(browser, base + "participez/", "budjet")
    page.wait_for_selector(".search-suggestion")
    suggestion = page.inner_text(".search-suggestion").replace("\xa0", " ")
    assert "Vouliez-vous dire « budget » ?" in suggestion
    assert "Le Budget Participatif" in result_titles(page)
    page.close()


# Typed in the header on a phone without JavaScript: the static search page cannot read
# the query, so the resident taps the word's first letter, then the word in the index.
WORDS_WITHOUT_JAVASCRIPT = {
    "voter": ("V", "voter", "Le Budget Participatif"),
    # The entry's title as published: French typography (’, no-break spaces inside « »).
    "signaler": ("S", "signaler", "L’application « Dans ma rue »"),
    "charte": ("C", "charte", "Charte parisienne de la participation : donnez votre avis"),
    "kiosqe": ("K", "Kiosques Citoyens", "Les Kiosques Citoyens"),
}


@pytest.mark.parametrize("query", WORDS_WITHOUT_JAVASCRIPT)
def test_search_words_lead_somewhere_on_a_phone_without_javascript(
    static_site, browser, screenshots, query
):
    base, _out = static_site
    letter, label, title = WORDS_WITHOUT_JAVASCRIPT[query]
    page = search_from_the_header(browser, base + "participez/", query, 320, javascript=False)
    assert page.locator("h1").inner_text() == "Rechercher dans le guide"
    page.screenshot(path=str(screenshots / f"search-{query}-320.png"))
    page.locator(".a-to-z-letters").get_by_role("link", name=f"Lettre {letter}", exact=True).click()
    page.wait_for_url(f"**#lettre-{letter.lower()}")
    assert page.url.endswith(f"#lettre-{letter.lower()}")
    section = page.locator(f"section:has(#lettre-{letter.lower()})")
    link = section.get_by_role("link", name=label, exact=True)
    href = link.get_attribute("href")
    # Every item leads to a page of the static site, consultations included (their page
    # links to the form on the City's application).
    assert urljoin(page.url, href).startswith(base)
    with page.expect_navigation():
        link.click()
    assert page.locator("h1").inner_text().replace("\xa0", " ") == title
    page.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_search_and_a_to_z_pages_pass_axe(static_site, browser, width):
    base, _out = static_site
    problems = {}
    for path in ["participez/recherche/?q=voter", "participez/recherche/a-z/"]:
        page, _response, _outside = open_page(browser, base + path, width)
        violations = axe_violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth") > width
        if violations or overflow:
            problems[path] = {"axe": violations, "trop large": overflow}
        page.close()
    assert problems == {}


def phone_page(browser, url):
    """A small phone with JavaScript off: what the City most wants to work."""
    page = browser.new_page(viewport={"width": 320, "height": 568}, java_script_enabled=False)
    page.goto(url)
    return page


def follow(page, *labels):
    for label in labels:
        page.get_by_role("link", name=label, exact=True).first.click()
        page.wait_for_load_state()


RESIDENTS = {
    "jeune-19e": (
        [
            "Trouver comment participer",
            "19e arrondissement",
            "Oui, dans un quartier populaire",
            "Un·e jeune de 15 à 30 ans",
            "Je propose une idée / un projet",
        ],
        [
            "conseilcitoyen19@gmail.com",
            "Projets-19",
            "01 53 26 57 37",
            "Conseil Parisien de la Jeunesse",
        ],
    ),
    "association-20e": (
        [
            "Trouver comment participer",
            "20e arrondissement",
            "Oui, dans un quartier populaire",
            "Une association, un collectif ou un·e bénévole",
            "Je me fais accompagner",
        ],
        [
            "Archipelia",
            "01 47 97 02 96",
            "AOCSA – La 20e Chaise",  # typed "AOCSA - La 20e Chaise": an en dash
            "Soleil Blaise",
            "01 44 93 00 72",
        ],
    ),
    "senior-12e": (
        [
            "Trouver comment participer",
            "12e arrondissement",
            "Un·e senior ou retraité·e",
            "Je ne sais pas encore : tout voir",
        ],
        [
            "kiosque-citoyen12@paris.fr",
            "coderpa75@paris.fr",
            "15 rue de Chaligny",
            "01 49 27 95 79",
        ],
    ),
}


@pytest.mark.parametrize("resident", RESIDENTS)
def test_residents_reach_their_local_contacts_on_a_phone_without_javascript(
    static_site, browser, screenshots, resident
):
    base, _out = static_site
    labels, expected = RESIDENTS[resident]
    page = phone_page(browser, base + "participez/")
    follow(page, *labels)
    assert page.locator("h1").inner_text() == "Ce qui vous correspond"
    main = page.inner_text("main")
    assert [text for text in expected if text not in main] == []
    page.screenshot(path=str(screenshots / f"finder-result-{resident}-320.png"))
    page.close()


def test_phone_header_fits_and_the_menu_opens_without_javascript(static_site, browser, screenshots):
    base, _out = static_site
    page = phone_page(browser, base + "participez/")
    assert page.locator(".site-header").bounding_box()["height"] <= 150
    page.screenshot(path=str(screenshots / "accueil-320.png"))
    # The landing page's own cards link to the parts too: look at the menu's link only.
    menu_link = page.locator(".site-header").get_by_role("link", name="Formations")
    assert not menu_link.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert menu_link.is_visible()
    page.screenshot(path=str(screenshots / "accueil-menu-320.png"))
    page.close()
    page = browser.new_page(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page.goto(base + "participez/")
    assert page.locator(".site-header").get_by_role("link", name="Formations").is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()
    page.close()


def test_finder_question_at_320_pixels(static_site, browser, screenshots):
    base, _out = static_site
    page = phone_page(browser, base + "participez/comment-participer/19e/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(screenshots / "finder-step-320.png"))
    page.close()
