"""The page tree of the public site, created by load_guide next to the guide's content.

Idempotent like the rest of load_guide: pages that exist (found by slug) are left to
their editors.
"""

from django.conf import settings

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.core.addresses import base_url
from cms.entries.models import Entry

from .models import HomePage, ParticipezPage, StandardPage
from .synonyms import DEFAULT_PROMOTIONS, DEFAULT_SYNONYMS, SearchSynonym

ACCESSIBILITY_SLUG = "declaration-accessibilite"
LEGAL_SLUG = "mentions-legales"


def _paragraph(html):
    return ("paragraph", html)


ACCESSIBILITY_BODY = [
    _paragraph(
        "<p>La Ville de Paris s'engage à rendre ses sites internet accessibles à tou·te·s, "
        "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette "
        "déclaration d'accessibilité s'applique au site « Participez », le guide de la "
        "participation citoyenne.</p>"
    ),
    ("heading", "État de conformité"),
    _paragraph(
        "<p>Le site « Participez » est <b>non conforme</b> avec le référentiel général "
        "d'amélioration de l'accessibilité (RGAA), version 4.1 : aucun audit de conformité "
        "n'a encore été réalisé. Un audit sera mené et cette déclaration mise à jour avec "
        "ses résultats.</p>"
    ),
    ("heading", "Ce qui est déjà vérifié"),
    _paragraph(
        "<p>Chaque publication du site est testée automatiquement dans un navigateur : "
        "absence d'erreur détectée par l'outil axe-core pour les critères WCAG 2.1 niveaux "
        "A et AA, langue de la page, titre unique, régions de la page, lien d'évitement, "
        "focus visible, contrastes d'au moins 4,5:1, affichage sur un écran de 320 pixels "
        "de large et fonctionnement sans JavaScript. Ces tests ne remplacent pas un audit "
        "réalisé par des personnes.</p>"
    ),
    ("heading", "Contenus non accessibles"),
    _paragraph(
        "<p>Le guide au format PDF est proposé en téléchargement ; toutes ses informations "
        "sont également disponibles dans les pages de ce site.</p>"
    ),
    ("heading", "Établissement de cette déclaration"),
    _paragraph(
        "<p>Technologies utilisées : HTML5, CSS, JavaScript (uniquement pour améliorer la "
        "recherche et le moteur « Comment participer ? », qui fonctionnent aussi sans). "
        "Environnement de test : Chromium avec l'outil axe-core.</p>"
    ),
    ("heading", "Retour d'information et contact"),
    _paragraph(
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez le "
        "Service de la Participation Citoyenne de la Ville de Paris pour être orienté·e "
        "vers une alternative accessible ou obtenir le contenu sous une autre forme.</p>"
    ),
    ("heading", "Voies de recours"),
    _paragraph(
        "<p>Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un "
        "contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, "
        "vous pouvez :</p><ul><li>écrire un message au Défenseur des droits "
        '(<a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>) ;</li>'
        "<li>contacter le ou la délégué·e du Défenseur des droits de votre région ;</li>"
        "<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur "
        "des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li></ul>"
    ),
]

LEGAL_BODY = [
    ("heading", "Éditeur"),
    _paragraph(
        "<p>Ville de Paris — Direction de la Démocratie, des Citoyen·ne·s et des Territoires, "
        "Service de la Participation Citoyenne. Hôtel de Ville, 75196 Paris CEDEX 04.</p>"
    ),
    # Required by the law of 29 July 1982 (art. 93-2) for every online publication.
    ("heading", "Directeur·rice de la publication"),
    _paragraph(
        "<p>La Maire de Paris, en sa qualité de représentante légale de la Ville de Paris.</p>"
    ),
    ("heading", "Hébergement"),
    _paragraph(
        "<p>Le site est publié sous forme de pages statiques par la Ville de Paris. "
        "Il ne dépose aucun cookie et ne fait appel à aucun service tiers : aucune donnée "
        "personnelle n'est collectée lors de sa consultation.</p>"
    ),
    ("heading", "Réutilisation des contenus"),
    _paragraph(
        "<p>Les textes du guide peuvent être reproduits en citant la source « Ville de Paris, "
        "guide de la participation citoyenne ».</p>"
    ),
]


def _tree_root():
    """Wagtail's root node and default locale, which its migrations create but a database
    flush (TransactionTestCase, `flush`) removes."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def ensure_site_pages():
    """Home page at /, the guide (slug "participez"), the accessibility statement and legal notice."""
    home = HomePage.objects.first()
    if home is None:
        root = _tree_root()
        home = HomePage(
            title="Participez — Ville de Paris",
            slug="accueil",
            intro="<p>Le guide de la participation citoyenne à Paris.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name="Participez"
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's placeholder "Welcome" page has nothing of ours in it.
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()

    guide = ParticipezPage.objects.first()
    if guide is None:
        guide = ParticipezPage(
            title="Participez",
            slug="participez",
            intro=(
                "<p>Proposer une idée, voter, s'engager, se former, se faire accompagner : "
                "toutes les façons de participer à la vie de votre quartier et de Paris.</p>"
            ),
        )
        home.add_child(instance=guide)
        guide.save_revision().publish()

    for slug, title, body in [
        (ACCESSIBILITY_SLUG, "Déclaration d'accessibilité", ACCESSIBILITY_BODY),
        (LEGAL_SLUG, "Mentions légales", LEGAL_BODY),
    ]:
        if not StandardPage.objects.filter(slug=slug).exists():
            page = StandardPage(title=title, slug=slug, body=body)
            guide.add_child(instance=page)
            page.save_revision().publish()
    return guide


def ensure_search_defaults():
    """The shipped synonyms and promoted results; what editors changed or added is kept."""
    for term, expansions in DEFAULT_SYNONYMS.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"expansions": expansions})
    for query_string, slug in DEFAULT_PROMOTIONS.items():
        query = Query.get(query_string)
        entry = Entry.objects.published().filter(slug=slug).first()
        if entry is None or SearchPromotion.objects.filter(query=query).exists():
            continue
        path = entry.get_url_path()
        if not path:
            continue
        # Entries are not Wagtail pages: the promotion links to the entry's address.
        SearchPromotion.objects.create(
            query=query,
            external_link_url=base_url() + path,
            external_link_text=entry.display_name,
            sort_order=0,
        )
