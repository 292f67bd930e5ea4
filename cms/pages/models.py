"""The public pages: a home page, the "Participez" guide and a few standard pages.

The guide's entries are snippets, not pages: `ParticipezPage` gives them their web
addresses through routes (sections, entries, arrondissements, finder, search), always
reading them through `cms.entries.published`, the one read path every output shares.
"""

from contextlib import nullcontext
from functools import lru_cache

from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.consultations.models import Consultation
from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label
from cms.core.static_export import site_url
from cms.entries.addresses import guide_url
from cms.entries.models import SECTION_SLUGS, Action, EntryKind
from cms.entries.presentation import arrondissement_digest, group_by_section
from cms.entries.published import content_snapshot, entry_at, funds, in_snapshot, memo
from cms.entries.published import entries as all_entries
from cms.entries.published import frame as guide_frame
from cms.entries.published import sections as published_sections

from . import finder as finder_rules
from .blocks import StandardPageBody
from .finder import action_slug
from .search import a_to_z, search
from .synonyms import SearchSynonym  # noqa: F401 (a model of this app)

SECTION_PATTERN = "|".join(SECTION_SLUGS.values())
KIND_BY_SLUG = {slug: kind for kind, slug in SECTION_SLUGS.items()}
# The démarche whose page announces the open consultations ("Je vote et donne mon avis").
CONSULTATION_ACTION = "vote"


class AccessibilityStatus(models.TextChoices):
    FULL = "totalement conforme", "Totalement conforme"
    PARTIAL = "partiellement conforme", "Partiellement conforme"
    NONE = "non conforme", "Non conforme"


class SitemapMixin:
    """Sitemap entries (wagtail.contrib.sitemaps) on the host the request renders for."""

    def sitemap_paths(self):
        return [self.url]

    def get_sitemap_urls(self, request=None):
        base = site_url(request) if request is not None else ""
        return [
            {"location": f"{base}{path}", "lastmod": self.last_published_at}
            for path in self.sitemap_paths()
        ]


class HomePage(SitemapMixin, Page):
    """The site's root: sends residents to the guide, the only content for now."""

    intro = RichTextField(
        "introduction",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Une ou deux phrases d'accueil au-dessus du lien vers le guide.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guide_page"] = ParticipezPage.objects.live().first()
        return context


class StandardPage(SitemapMixin, Page):
    """A page of text: accessibility statement, legal notice."""

    body = StreamField(
        StandardPageBody(),
        blank=True,
        verbose_name="contenu",
        help_text="Le contenu de la page, en blocs : intertitres, textes, encadrés.",
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["pages.ParticipezPage", "pages.HomePage"]
    subpage_types = []
    template = "pages/standard_page.html"

    class Meta:
        verbose_name = "page de contenu"
        verbose_name_plural = "pages de contenu"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs_for(self.get_parent().specific)
        return context


def breadcrumbs_for(parent, *extra):
    crumbs = []
    if isinstance(parent, ParticipezPage):
        crumbs.append(("Accueil du guide", parent.url))
    return crumbs + list(extra)


class ParticipezPage(SitemapMixin, RoutablePageMixin, Page):
    """The guide on the web (at the slug "participez" by default): landing, sections, entries and tools.

    Every address under it comes from its routes (`route_path`, or `guide_url` from
    `cms.entries.addresses` for code below the pages), so renaming its slug moves them all.
    """

    intro = RichTextField(
        "introduction",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Le paragraphe d'accueil, sous le titre de la page.",
    )
    accessibility_status = models.CharField(
        "état de conformité RGAA",
        max_length=30,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.NONE,
        help_text="Affiché en pied de page (« Accessibilité : … »). Le RGAA impose « non conforme » tant qu'aucun audit n'a été réalisé ; mettez-le à jour après chaque audit.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, FieldPanel("accessibility_status")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StandardPage"]
    max_count = 1
    template = "pages/participez_landing.html"

    class Meta:
        verbose_name = "guide « Participez »"

    # --- routes ---

    def reverse_subpage(self, name, args=None, kwargs=None):
        """RoutablePageMixin's, kept for the process per route and arguments: the routes
        are code, and each publish, even after one edit, asks again for the address of
        every entry (2,000 reverse() at city scale)."""
        if kwargs:
            return super().reverse_subpage(name, args, kwargs)
        return _reverse_route(type(self), name, tuple(args or ()))

    @property
    def own_url(self):
        """self.url, once per content snapshot: every page of a publish asks for it, and
        Wagtail reverses it each time. Keyed on the page's path: the preview of a draft
        with another slug gets its own."""
        return memo(("page_url", self.pk, self.url_path), lambda: self.url)

    def route_path(self, route_name, *args):
        """Site-relative path of one of this page's routes."""
        return self.own_url + self.reverse_subpage(route_name, args=args)

    def _render(self, request, template, title, breadcrumbs=(), **context):
        context.update(
            page_title=title,
            breadcrumbs=[("Accueil du guide", self.own_url), *filter(None, breadcrumbs)]
            if breadcrumbs
            else [],
        )
        return self.render(request, template=template, context_overrides=context)

    @path("")
    def landing(self, request):
        return self.render(
            request,
            context_overrides={
                "page_title": self.title,
                "frame": guide_frame(),
                "actions": self.action_paths,
                "sections": published_sections(),
                "arrondissements": arrondissement_links(),
            },
        )

    @path("edito/")
    def edito(self, request):
        frame = guide_frame()
        if frame is None or not frame.edito_text:
            raise Http404
        return self._render(
            request, "pages/edito.html", frame.edito_title, [(frame.edito_title, "")], frame=frame
        )

    @re_path(rf"^(?P<section_slug>{SECTION_PATTERN})/$")
    def section(self, request, section_slug):
        kind = KIND_BY_SLUG[section_slug]
        section = next((s for s in published_sections() if s.kind == kind), None)
        if section is None:
            raise Http404
        entries = [entry for entry in all_entries() if entry.kind == kind]
        groups = []
        for entry in entries:
            if not groups or groups[-1][0] != entry.group:
                groups.append((entry.group, []))
            groups[-1][1].append(entry)
        return self._render(
            request,
            "pages/section.html",
            section.title,
            [(section.title, "")],
            section=section,
            groups=groups,
        )

    @re_path(rf"^(?P<section_slug>{SECTION_PATTERN})/(?P<entry_slug>[-a-z0-9]+)/$")
    def entry(self, request, section_slug, entry_slug):
        kind = KIND_BY_SLUG[section_slug]
        entry = entry_at(kind, entry_slug)
        if entry is None:
            raise Http404
        section = next((s for s in published_sections() if s.kind == kind), None)
        return self._render(
            request,
            "entries/entry_detail.html",
            entry.display_name,
            [(section.title, section.get_url_path()) if section else None, (entry.title, "")],
            entry=entry,
            section=section,
        )

    @path("arrondissements/")
    def arrondissement_index(self, request):
        return self._render(
            request,
            "pages/arrondissement_index.html",
            "Près de chez vous : choisissez votre arrondissement",
            [("Arrondissements", "")],
            arrondissements=arrondissement_links(),
        )

    @path("arrondissements/<int:number>/")
    def arrondissement(self, request, number):
        if number not in ARRONDISSEMENT_NUMBERS:
            raise Http404
        label = arrondissement_label(number)
        return self._render(
            request,
            "pages/arrondissement.html",
            f"Participer dans le {label} arrondissement",
            [
                ("Arrondissements", self.route_path("arrondissement_index")),
                (f"{label} arrondissement", ""),
            ],
            number=number,
            label=label,
            # Served by guide/ (a named URL: the pages never import the publishing side).
            local_pdf=reverse("guide:arrondissement_pdf", args=[number]),
            # Read only when the page's lists are rendered, not when they are reused
            # ({% once %}): then the page costs the same at 27 entries as at 2,000.
            digest=SimpleLazyObject(lambda: arrondissement_digest(number)),
            funds=SimpleLazyObject(lambda: funds(number)),
            fph_entry=SimpleLazyObject(fph_entry),
            previous=next((a for a in arrondissement_links() if a["number"] == number - 1), None),
            next=next((a for a in arrondissement_links() if a["number"] == number + 1), None),
        )

    @path("fonds-participation-habitants/")
    def fph_directory(self, request):
        # The live site also honours the form's ?arrondissement=; the static site uses the
        # per-arrondissement pages the filter links point to.
        number = request.GET.get("arrondissement", "")
        if number.isdigit() and int(number) in fph_arrondissements():
            return HttpResponseRedirect(self.route_path("fph_directory_filtered", int(number)))
        return self._fph(request, None)

    @path("fonds-participation-habitants/<int:number>/")
    def fph_directory_filtered(self, request, number):
        if number not in fph_arrondissements():
            raise Http404
        return self._fph(request, number)

    def _fph(self, request, number):
        funds = all_funds()
        title = "Les Fonds de Participation des Habitants"
        crumbs = [(title, "")]
        if number:
            funds = [f for f in funds if f.arrondissement == number]
            title = f"Les Fonds de Participation des Habitants du {arrondissement_label(number)}"
            crumbs = [
                (
                    "Fonds de Participation des Habitants",
                    self.route_path("fph_directory"),
                ),
                (f"{arrondissement_label(number)} arrondissement", ""),
            ]
        return self._render(
            request,
            "pages/fph_directory.html",
            title,
            crumbs,
            funds=funds,
            selected=number,
            filter_links=[(n, arrondissement_label(n)) for n in fph_arrondissements()],
            fph_entry=fph_entry(),
        )

    # --- the finder: one question per page, the answers in the path (cms.pages.finder) ---

    @path("comment-participer/")
    def finder(self, request):
        entries = finder_facts()
        choices = []
        for number in ARRONDISSEMENT_NUMBERS:
            place = finder_rules.place_for(entries, number)
            path = place.path if place else f"{arrondissement_label(number)}/"
            choices.append((arrondissement_label(number), self.finder_url(path)))
        return self._render(
            request,
            "pages/finder.html",
            "Comment participer ?",
            [("Comment participer ?", "")],
            arrondissement_choices=choices,
            paris_url=self.finder_url(finder_rules.Place().path),
            paths=self.action_paths,
        )

    @re_path(r"^comment-participer/(?P<answers>(?:paris|1er|[0-9]{1,2}e)/(?:[-a-z]+/){0,3})$")
    def finder_step(self, request, answers):
        entries = finder_facts()
        parsed = finder_rules.parse(entries, self.action_paths, answers.strip("/").split("/"))
        if parsed is None:
            raise Http404
        context = {"answers": parsed, "summary": self._finder_summary(parsed)}
        crumbs = [("Comment participer ?", self.finder_url(""))]
        place = parsed.place
        if place.number and place.qpv is None and finder_rules.asks_qpv(entries, place.number):
            # A no-break space before "?", as French typography wants: never alone on a line.
            title = f"Habitez-vous dans un quartier populaire du {place.label}\u00a0?"
            context["choices"] = [
                (
                    "Oui, dans un quartier populaire",
                    self.finder_url(finder_rules.Place(place.number, True).path),
                ),
                (
                    "Non, ailleurs dans le " + place.label,
                    self.finder_url(finder_rules.Place(place.number, False).path),
                ),
            ]
            context["qpv_funds"] = finder_rules.arrondissement_funds(entries, place.number)
            context["qpv_help"] = True
            context["fph_url"] = self.finder_fph_url(place.number)
            template = "pages/finder_step.html"
        elif parsed.profile is None:
            title = "Vous êtes…"
            context["choices"] = [
                (p.label, self.finder_url(finder_rules.Answers(place, p).path))
                for p in finder_rules.SINGLE_PROFILES
            ]
            context["combined_choices"] = [
                (p.label, self.finder_url(finder_rules.Answers(place, p).path))
                for p in finder_rules.COMBINED_PROFILES
            ]
            template = "pages/finder_step.html"
        elif parsed.action is None:
            title = "Que voulez-vous faire\u00a0?"
            context["choices"] = [
                (a.label, self.finder_url(finder_rules.Answers(place, parsed.profile, a).path))
                for a in self.action_paths
            ] + [
                (
                    "Je ne sais pas encore : tout voir",
                    self.finder_url(
                        finder_rules.Answers(place, parsed.profile, finder_rules.EVERYTHING).path
                    ),
                )
            ]
            template = "pages/finder_step.html"
        else:
            title = "Ce qui vous correspond"
            groups = finder_rules.results(entries, parsed)
            context.update(
                groups=groups,
                result_count=sum(len(group.results) for group in groups),
                arrondissement_url=(
                    self.route_path("arrondissement", place.number)
                    if place.number
                    else self.route_path("arrondissement_index")
                ),
                restart_url=self.finder_url(""),
            )
            template = "pages/finder_results.html"
        return self._render(
            request, template, title, [*crumbs, (title, "")], question=title, **context
        )

    def finder_url(self, answers_path):
        return self._finder_base + answers_path

    @cached_property
    def _finder_base(self):
        return self.route_path("finder")

    def finder_fph_url(self, number):
        if number in fph_arrondissements():
            return self.route_path("fph_directory_filtered", number)
        return ""

    def _finder_summary(self, answers):
        """ "Vos réponses": each answer given so far, with the step that changes it."""
        rows = []
        place = answers.place
        rows.append(("Où", place.description, self.finder_url("")))
        if answers.profile:
            rows.append(("Vous êtes", answers.profile.label, self.finder_url(place.path)))
        if answers.action is not None:
            label = (
                answers.action.label if answers.action != finder_rules.EVERYTHING else "Tout voir"
            )
            rows.append(
                (
                    "Vous voulez",
                    label,
                    self.finder_url(finder_rules.Answers(place, answers.profile).path),
                )
            )
        return rows

    @path("comment-participer/<slug:slug>/")
    def path_page(self, request, slug):
        action = next((a for a in self.action_paths if a.slug == slug), None)
        if action is None:
            raise Http404
        entries = [e for e in all_entries() if action.code in {a.code for a in e.actions.all()}]
        return self._render(
            request,
            "pages/path.html",
            action.label,
            [("Comment participer ?", self.route_path("finder")), (action.label, "")],
            action=action,
            results=group_by_section(entries),
            show_consultations=action.code == CONSULTATION_ACTION,
        )

    @path("recherche/")
    def search_page(self, request):
        query = request.GET.get("q", "").strip()[:200]
        with nullcontext() if in_snapshot() else content_snapshot():
            outcome = search(query) if query else None
        return self._render(
            request,
            "pages/search.html",
            "Rechercher dans le guide",
            [("Recherche", "")],
            query=query,
            outcome=outcome,
            letters=[letter for letter, _items in self._a_to_z()],
            a_to_z_url=self.route_path("search_a_to_z"),
        )

    @path("recherche/a-z/")
    def search_a_to_z(self, request):
        return self._render(
            request,
            "pages/search_a_to_z.html",
            "Index de A à Z",
            [("Recherche", self.route_path("search_page")), ("Index de A à Z", "")],
            letters=self._a_to_z(),
        )

    def _a_to_z(self):
        with nullcontext() if in_snapshot() else content_snapshot():
            return memo("a_to_z", a_to_z)

    # --- what the routes and the publisher share ---

    @cached_property
    def action_paths(self):
        """The démarches ("Je propose...") as paths of the finder, with their slug and url."""

        def compute():
            actions = list(Action.objects.all())
            for action in actions:
                action.slug = action_slug(action)
                action.url = self.route_path("path_page", action.slug)
            return actions

        return memo("paths", compute)

    def static_paths(self, entries=None):
        """Every public address under this page, for the static site and the sitemap.

        `entries`: the finder's facts of the published entries (see `route_paths`)."""
        children = [child.url for child in self.get_children().live().public().specific()]
        return [*self.route_paths(entries), *children]

    def sitemap_paths(self):
        # Child pages are pages of the tree: the sitemap lists them by themselves.
        return self.route_paths()

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        # On the static site too: each consultation has a page there (linking to its form).
        base = site_url(request) if request is not None else ""
        return urls + [
            {"location": f"{base}{consultation.get_url_path()}", "lastmod": consultation.opens_at}
            for consultation in Consultation.objects.published()
        ]

    def route_paths(self, entries=None):
        """The addresses of this page's own routes (landing, sections, entries...).

        `entries`: the finder's facts of the published entries in the guide's order
        (`finder.Facts`, or `Facts.summary()` of each, which is all the addresses depend
        on); read from the published entries when None."""
        facts = finder_facts() if entries is None else entries
        route = self.route_path
        paths = [route("landing"), route("finder"), route("search_page")]
        paths.append(route("search_a_to_z"))
        paths.append(route("arrondissement_index"))
        paths += [
            self.finder_url(answers)
            for answers in finder_rules.every_answer_path(facts, self.action_paths)
        ]
        if guide_frame() is not None and guide_frame().edito_text:
            paths.append(route("edito"))
        paths += [action.url for action in self.action_paths]
        paths += [route("arrondissement", n) for n in ARRONDISSEMENT_NUMBERS]
        paths.append(route("fph_directory"))
        paths += [
            route("fph_directory_filtered", n) for n in finder_rules.fund_arrondissements(facts)
        ]
        # One entry address per published entry, thousands at city scale: the page's
        # own address (not cached by Wagtail) is asked once.
        base = self.url
        for section, in_section in group_by_section(facts, published_sections()):
            paths.append(route("section", section.slug))
            paths += [
                base + self.reverse_subpage("entry", args=(section.slug, entry.slug))
                for entry in in_section
            ]
        return paths


@lru_cache(maxsize=65536)
def _reverse_route(page_class, name, args):
    return page_class.get_resolver().reverse(name, *args)


# --- helpers shared by several routes ---


def arrondissement_links():
    return [
        {
            "number": n,
            "label": arrondissement_label(n),
            "suffix": "er" if n == 1 else "e",
            "url": guide_url("arrondissement", n),
        }
        for n in ARRONDISSEMENT_NUMBERS
    ]


def finder_facts():
    return memo("finder_facts", lambda: finder_rules.facts(all_entries()))


def fph_entry():
    """The entry that explains the FPH funds (the first entry with funds if it was renamed)."""
    fph = entry_at(EntryKind.TOOL, "fonds-participation-habitants")
    if fph is not None:
        return fph
    first_fund = next(iter(funds()), None)
    return first_fund.entry if first_fund else None


def all_funds():
    return funds()


def fph_arrondissements():
    return sorted({fund.arrondissement for fund in all_funds()})


# --- "Signaler une information périmée ou une erreur" ----------------------------------


class ErrorReport(models.Model):
    """A resident's report that a public page is out of date or wrong, for the editors'
    inbox in the admin (cms/pages/wagtail_hooks.py). Sent from the form every public
    page links to (cms/pages/reports.py), with the address of that page."""

    page_url = models.URLField(
        "page concernée",
        max_length=500,
        blank=True,
        help_text="Adresse de la page d'où le signalement a été envoyé.",
    )
    message = models.TextField("message", help_text="Ce que la personne signale.")
    name = models.CharField("nom", max_length=150, blank=True)
    email = models.EmailField("adresse e-mail", max_length=254, blank=True)
    received_at = models.DateTimeField("reçu le", auto_now_add=True, db_index=True)
    handled = models.BooleanField(
        "traité",
        default=False,
        help_text="Cochez quand l'information a été vérifiée et, si besoin, corrigée.",
    )
    editor_note = models.TextField(
        "note de l'équipe éditoriale",
        blank=True,
        help_text="Facultatif : ce qui a été fait (entrée corrigée, réponse envoyée…).",
    )

    panels = [FieldPanel("handled"), FieldPanel("editor_note")]

    class Meta:
        ordering = ["handled", "-received_at"]
        verbose_name = "signalement"
        verbose_name_plural = "signalements"

    def __str__(self):
        return f"Signalement du {timezone.localtime(self.received_at):%d/%m/%Y à %H:%M}"

    # Read by the inspect view (get_<field>_display).
    def get_handled_display(self):
        return "Oui" if self.handled else "Non, à traiter"

    def get_page_url_display(self):
        if not self.page_url:
            return "Non indiquée"
        return format_html('<a href="{0}">{0}</a>', self.page_url)
