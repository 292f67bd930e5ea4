"""An entry of the guide and its rows (key figures, contacts, links, FPH funds).

Entries are Wagtail snippets rather than pages: they have no place in a page tree of
their own (the web pages, the PDF and the API all arrange them by section), yet editors
get drafts, revisions, preview, scheduling, locking and workflows through the snippet
mixins. The database row of an entry always holds its *published* content; drafts live
in revisions until they are published.
"""

import re
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    Revision,
    RevisionMixin,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.search import index

from cms.core.arrondissements import (
    ARRONDISSEMENT_NUMBERS,
    ArrondissementField,
    arrondissement_label,
    validate_arrondissement,
)
from cms.core.phones import format_phone, normalise_phone, phone_href

from ..addresses import guide_url
from ..forms import EntryAdminForm
from ..panels import EditorialStylePanel
from .frame import Section
from .taxonomies import (
    RICH_TEXT_FEATURES,
    SECTION_ORDER,
    SECTION_SLUGS,
    Action,
    Arrondissement,
    Audience,
    EntryKind,
)

# The lists of an entry's fields, defined once: the loader, the dump, the read module's
# prefetch, the API and the editors' API all start from these.
# Its own text and numbers, as editors write them (data/guide.yaml's keys):
ENTRY_FIELDS = [
    "kind",
    "title",
    "short_name",
    "group",
    "summary",
    "for_whom",
    "why",
    "how",
    "min_age",
    "max_age",
]
# Its rows and tags, prefetched whenever published entries are read.
ENTRY_RELATIONS = (
    "audiences",
    "actions",
    "arrondissements",
    "key_figures",
    "contacts",
    "links",
    "fph_funds",
)


# --- Entries ---------------------------------------------------------------------------


class EditorialStatus(models.TextChoices):
    """Where an entry stands for its editors, one state each, the first that applies."""

    SCHEDULED = "scheduled", "programmée"
    IN_REVIEW = "in_review", "en relecture"
    PENDING_DRAFT = "pending_draft", "brouillon en attente"
    PUBLISHED = "published", "publiée"
    UNPUBLISHED = "unpublished", "non publiée"


class EntryQuerySet(models.QuerySet):
    def with_editorial_status(self):
        """Annotate `editorial_status` (an EditorialStatus value): a publication waiting for
        its date, a submission under review, a published entry with a newer draft, a
        published entry as it stands, or an entry residents cannot see."""
        content_type = ContentType.objects.get_for_model(self.model)
        object_id = Cast(models.OuterRef("pk"), models.CharField())
        scheduled = Revision.objects.filter(
            base_content_type=content_type,
            object_id=object_id,
            approved_go_live_at__isnull=False,
        )
        in_review = WorkflowState.objects.filter(
            base_content_type=content_type,
            object_id=object_id,
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        return self.annotate(
            editorial_status=models.Case(
                models.When(models.Exists(scheduled), then=models.Value(EditorialStatus.SCHEDULED)),
                models.When(models.Exists(in_review), then=models.Value(EditorialStatus.IN_REVIEW)),
                models.When(
                    live=True,
                    has_unpublished_changes=True,
                    then=models.Value(EditorialStatus.PENDING_DRAFT),
                ),
                models.When(live=True, then=models.Value(EditorialStatus.PUBLISHED)),
                default=models.Value(EditorialStatus.UNPUBLISHED),
                output_field=models.CharField(),
            )
        )

    def published(self):
        """What residents may see: live, and not past its expiry date."""
        now = timezone.now()
        return self.filter(live=True).exclude(expire_at__lte=now)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_arrondissement(self, number):
        """Entries that serve the arrondissement: citywide ones, those listing it, and those
        whose list only gives examples (they may exist there too)."""
        return self.filter(
            models.Q(citywide=True)
            | models.Q(arrondissements_are_examples=True)
            | models.Q(arrondissements__number=number)
        ).distinct()

    def in_guide_order(self):
        order = models.Case(
            *[models.When(kind=kind, then=i) for i, kind in enumerate(SECTION_ORDER)],
            output_field=models.IntegerField(),
        )
        return self.annotate(section_position=order).order_by(
            "section_position", "sort_order", "pk"
        )

    def due_for_review(self, today=None, within_days=None):
        """Entries to check again: "à revoir avant" within `within_days` days (or past), or
        never checked; the most overdue first."""
        today = today or timezone.localdate()
        within_days = REVIEW_WARNING_DAYS if within_days is None else within_days
        limit = today + timedelta(days=within_days)
        return self.filter(
            models.Q(review_before__lte=limit) | models.Q(review_before__isnull=True)
        ).order_by(models.F("review_before").asc(nulls_first=True), "sort_order", "pk")


# An entry is listed as "à revoir" this many days before its "à revoir avant" date.
REVIEW_WARNING_DAYS = 30
# "À revoir avant" left blank: this long after "vérifié le".
REVIEW_INTERVAL_YEARS = 1


def one_year_after(day):
    """The same day a year later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + REVIEW_INTERVAL_YEARS)
    except ValueError:
        return day.replace(year=day.year + REVIEW_INTERVAL_YEARS, day=28)


# Kept from the database row, not from a revision: revisions saved before these fields
# existed do not carry them, and the reminder date is the worker's record, not content.
FRESHNESS_FIELDS = ("owner", "verified_on", "review_before")


class Entry(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    kind = models.CharField(
        "type",
        max_length=20,
        choices=EntryKind.choices,
        help_text="La partie du guide où l'entrée paraît : acteurs, outils, plateformes numériques, formations ou interlocuteurs.",
    )
    group = models.CharField(
        "regroupement",
        max_length=100,
        blank=True,
        help_text="Facultatif : intertitre sous lequel l'entrée est regroupée dans sa partie, par exemple « D'autres acteurs ».",
    )
    title = models.CharField(
        "titre",
        max_length=200,
        help_text="Nom complet tel qu'imprimé, par exemple « Le Conseil Parisien de la Jeunesse ».",
    )
    short_name = models.CharField(
        "sigle ou nom court",
        max_length=40,
        blank=True,
        help_text="Sigle ou nom court, par exemple « CPJ ». Laissez vide s'il n'y en a pas.",
    )
    slug = models.SlugField(
        "adresse web",
        max_length=100,
        unique=True,
        allow_unicode=False,
        help_text="Fin de l'adresse de la page (lettres minuscules sans accent, chiffres et tirets). Ne la changez pas après publication : les liens déjà partagés cesseraient de fonctionner.",
    )
    summary = RichTextField(
        "présentation",
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Facultatif : un paragraphe de présentation, pour les entrées courtes qui n'ont pas de rubriques « Pour qui ? / Pourquoi ? / Comment ? ».",
    )
    for_whom = RichTextField(
        "Pour qui ?",
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="À qui s'adresse ce dispositif. Facultatif.",
    )
    why = RichTextField(
        "Pourquoi ?",
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="À quoi il sert. Facultatif.",
    )
    how = RichTextField(
        "Comment ?",
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Comment y participer concrètement. Facultatif.",
    )
    min_age = models.PositiveSmallIntegerField(
        "âge minimum",
        null=True,
        blank=True,
        help_text="Facultatif : âge à partir duquel on peut participer (par exemple 7 pour la Carte citoyenne).",
    )
    max_age = models.PositiveSmallIntegerField(
        "âge maximum",
        null=True,
        blank=True,
        help_text="Facultatif : âge au-delà duquel on ne peut plus participer (par exemple 30 pour le Conseil Parisien de la Jeunesse).",
    )
    audiences = ParentalManyToManyField(
        Audience,
        blank=True,
        related_name="entries",
        verbose_name="publics",
        help_text="À qui s'adresse l'entrée ; sert au moteur « Comment participer ? » et aux filtres.",
    )
    actions = ParentalManyToManyField(
        Action,
        blank=True,
        related_name="entries",
        verbose_name="démarches",
        help_text="Ce que l'on peut y faire (proposer, voter, s'engager, se former, se faire accompagner).",
    )
    citywide = models.BooleanField(
        "tout Paris",
        default=True,
        help_text="Cochez si l'entrée concerne tous les arrondissements ; sinon, choisissez ci-dessous les arrondissements concernés.",
    )
    arrondissements = ParentalManyToManyField(
        Arrondissement,
        blank=True,
        related_name="entries",
        verbose_name="arrondissements concernés",
        help_text="Uniquement si l'entrée ne concerne pas tout Paris.",
    )
    arrondissements_are_examples = models.BooleanField(
        "arrondissements cités à titre d'exemple",
        default=False,
        help_text="Cochez si la liste ci-dessus donne des exemples (« à titre d'exemple, dans les 4e, 10e et 11e ») : l'entrée figure alors dans l'édition de chaque arrondissement, qui renvoie vers sa mairie.",
    )
    sort_order = models.IntegerField("ordre", null=True, blank=True, editable=False)
    # --- freshness: who checks the entry, and when ---
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_entries",
        help_text="La personne de l'équipe éditoriale qui vérifie que l'entrée reste exacte. Elle reçoit un rappel par e-mail quand la date « à revoir avant » approche.",
    )
    verified_on = models.DateField(
        "vérifié le",
        null=True,
        blank=True,
        default=timezone.localdate,
        help_text="Date à laquelle les informations de l'entrée (contacts, chiffres, liens) ont été vérifiées pour la dernière fois. Les pages publiques et le PDF affichent « Mis à jour le » avec cette date.",
    )
    review_before = models.DateField(
        "à revoir avant",
        null=True,
        blank=True,
        help_text="Date limite de la prochaine vérification. Laissez vide : elle est fixée un an après la date « vérifié le ».",
    )
    last_reminded_at = models.DateTimeField(
        "dernier rappel envoyé le",
        null=True,
        blank=True,
        editable=False,
        help_text="Date du dernier e-mail de rappel envoyé au·à la responsable pour cette échéance.",
    )

    objects = EntryQuerySet.as_manager()

    sort_order_field = "sort_order"

    search_fields = [
        index.SearchField("title", boost=5),
        index.AutocompleteField("title"),
        index.SearchField("short_name", boost=5),
        index.SearchField("summary"),
        index.SearchField("for_whom"),
        index.SearchField("why"),
        index.SearchField("how"),
        index.FilterField("kind"),
        index.FilterField("live"),
        # published() excludes expired entries, so search over it needs this filter too.
        index.FilterField("expire_at"),
    ]

    content_panels = [
        EditorialStylePanel(heading="Relecture éditoriale"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("group")]),
                FieldRowPanel(
                    [
                        # Fills "adresse web" while the entry has never been published.
                        TitleFieldPanel("title", placeholder=False),
                        FieldPanel("short_name"),
                    ]
                ),
                FieldPanel("slug"),
            ],
            heading="Identité",
        ),
        FieldPanel("summary"),
        FieldPanel("for_whom"),
        FieldPanel("why"),
        FieldPanel("how"),
        InlinePanel("key_figures", heading="Chiffres clés", label="chiffre clé"),
        # Publication and expiry dates: the status panel's "Publication programmée" dialog.
        PublishingPanel(),
    ]
    contact_panels = [
        InlinePanel("contacts", heading="Contacts", label="contact"),
        InlinePanel("links", heading="Pour plus d'informations", label="lien"),
        InlinePanel(
            "fph_funds",
            heading="Tableau des Fonds de Participation des Habitants",
            label="fonds",
            help_text="Uniquement pour l'entrée « Fonds de Participation des Habitants » : une ligne par fonds.",
        ),
    ]
    tag_panels = [
        # Checkboxes: a list box hides options and needs Ctrl+click to choose several.
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("actions", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")], heading="Âge"),
        FieldPanel("citywide"),
        FieldPanel("arrondissements", widget=forms.CheckboxSelectMultiple),
        FieldPanel("arrondissements_are_examples"),
    ]
    base_form_class = EntryAdminForm
    freshness_panels = [
        MultiFieldPanel(
            [
                FieldPanel("owner"),
                FieldRowPanel([FieldPanel("verified_on"), FieldPanel("review_before")]),
            ],
            heading="Vérification",
            help_text="Qui vérifie l'entrée et quand la revoir. Le tableau de bord liste les entrées à revoir dans les 30 jours ou en retard.",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Contenu"),
            ObjectList(contact_panels, heading="Contacts et liens"),
            ObjectList(tag_panels, heading="Publics et lieux"),
            ObjectList(freshness_panels, heading="Vérification"),
        ]
    )

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "entrée du guide"
        verbose_name_plural = "entrées du guide"
        indexes = [models.Index(fields=["kind", "live"])]

    def __str__(self):
        return self.title

    # --- validation ---

    def clean(self):
        super().clean()
        errors = {}
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = "L'âge maximum doit être supérieur ou égal à l'âge minimum."
        if self.slug and self.slug != slugify(self.slug):
            errors["slug"] = (
                "L'adresse web ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets."
            )
        self.fill_review_date()
        if self.verified_on and self.review_before and self.review_before < self.verified_on:
            errors["review_before"] = (
                "La date « à revoir avant » ne peut pas précéder la date « vérifié le » "
                f"({self.verified_on:%d/%m/%Y}). Videz ce champ pour la fixer un an après la vérification."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.fill_review_date()
        super().save(*args, **kwargs)

    def fill_review_date(self):
        """ "À revoir avant" left blank: one year after "vérifié le". A date that was
        itself computed follows a new "vérifié le"; one an editor chose stays."""
        if self.verified_on is None:
            return
        if self.review_before is not None and self.pk:
            stored = Entry.objects.filter(pk=self.pk).values("verified_on", "review_before")
            stored = stored.first()
            if (
                stored
                and stored["verified_on"]
                and stored["verified_on"] != self.verified_on
                and self.review_before == stored["review_before"]
                and stored["review_before"] == one_year_after(stored["verified_on"])
            ):
                self.review_before = None
        if self.review_before is None:
            self.review_before = one_year_after(self.verified_on)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in FRESHNESS_FIELDS:
            if name not in content:
                attname = self._meta.get_field(name).attname
                setattr(obj, attname, getattr(self, attname))
        obj.last_reminded_at = self.last_reminded_at
        return obj

    # --- freshness ---

    def review_state(self, today=None):
        """ "overdue", "due" (within REVIEW_WARNING_DAYS days) or "ok"."""
        today = today or timezone.localdate()
        if self.review_before is None or self.review_before < today:
            return "overdue"
        if self.review_before <= today + timedelta(days=REVIEW_WARNING_DAYS):
            return "due"
        return "ok"

    # --- what renderers need ---

    @property
    def section_slug(self):
        return SECTION_SLUGS[self.kind]

    def get_url_path(self):
        return guide_url("entry", self.section_slug, self.slug)

    def get_url(self, request=None):
        return self.get_url_path()

    @property
    def display_name(self):
        """Title followed by its acronym when the title does not already contain it."""
        if self.short_name and self.short_name not in self.title:
            return f"{self.title} ({self.short_name})"
        return self.title

    def applies_to(self, arrondissement):
        """Whether the entry belongs in the arrondissement's pages and print edition."""
        return (
            self.citywide
            or self.arrondissements_are_examples
            or any(a.number == arrondissement for a in self.arrondissements.all())
        )

    def arrondissement_numbers(self):
        if self.citywide:
            return list(ARRONDISSEMENT_NUMBERS)
        return sorted(a.number for a in self.arrondissements.all())

    @cached_property
    def section(self):
        return Section.objects.filter(kind=self.kind).first()

    def get_preview_template(self, request, mode_name):
        return "entries/entry_detail.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update({"entry": self, "section": self.section, "is_preview": True})
        return context


class EntryKeyFigure(Orderable):
    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="key_figures")
    text = models.CharField(
        "chiffre clé",
        max_length=300,
        help_text="Une ligne, telle qu'imprimée dans la liste à puces, par exemple « + de 400 réunions annuelles ».",
    )

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "chiffre clé"
        verbose_name_plural = "chiffres clés"

    def __str__(self):
        return self.text


class ContactKind(models.TextChoices):
    EMAIL = "email", "Adresse e-mail"
    EMAIL_PATTERN = "email_pattern", "Adresse e-mail par arrondissement (modèle avec XX)"
    PHONE = "phone", "Téléphone"
    ADDRESS = "address", "Adresse postale"
    URL = "url", "Site web"
    MAIRIE = "mairie", "Contactez votre mairie d'arrondissement"
    SOCIAL = "social", "Réseau social"
    TEXT = "text", "Autre (texte libre)"


PATTERN_PLACEHOLDER = "XX"


def contact_display_value(kind, value):
    """How a contact of `kind` reads: "01 43 29 62 61", "paris.fr/participez"; also for
    contacts that are no entry's rows (an arrondissement's mairie)."""
    if kind == ContactKind.PHONE:
        return format_phone(value)
    if kind == ContactKind.MAIRIE:
        return value or "Contactez votre mairie d'arrondissement."
    if kind == ContactKind.URL:
        return readable_url(value)
    return value


def contact_href(kind, value):
    """The mailto:, tel: or https: link of a contact of `kind`; "" for plain text."""
    if kind == ContactKind.EMAIL:
        return f"mailto:{value}"
    if kind == ContactKind.PHONE:
        return phone_href(value)
    if kind == ContactKind.URL:
        return value
    return ""


class EntryContact(Orderable):
    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(
        "type de contact",
        max_length=20,
        choices=ContactKind.choices,
        help_text="« Adresse e-mail par arrondissement » : une adresse où XX sera remplacé par le numéro de l'arrondissement (conseilcitoyenXX@gmail.com).",
    )
    label = models.CharField(
        "intitulé",
        max_length=150,
        blank=True,
        help_text="Facultatif : texte affiché devant le contact, par exemple « Kiosque du 14e » ou « Page Facebook ».",
    )
    value = models.CharField(
        "contact",
        max_length=300,
        blank=True,
        help_text="L'adresse e-mail, le numéro (01 49 27 95 79), l'adresse postale, l'adresse web ou le texte. Laissez vide pour « Contactez votre mairie d'arrondissement ».",
    )
    arrondissement = ArrondissementField(
        null=True,
        blank=True,
        help_text="Facultatif : l'arrondissement que ce contact dessert, s'il n'en dessert qu'un.",
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("arrondissement")]),
        FieldPanel("label"),
        FieldPanel("value"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "contact"
        verbose_name_plural = "contacts"

    def __str__(self):
        return f"{self.label} {self.display_value}".strip()

    def clean(self):
        super().clean()
        value = (self.value or "").strip()
        self.value = value
        if self.kind == ContactKind.MAIRIE:
            return
        if not value:
            raise ValidationError({"value": "Indiquez le contact (adresse, numéro ou texte)."})
        if self.kind == ContactKind.EMAIL:
            EmailValidator(message=f"« {value} » n'est pas une adresse e-mail valide.")(value)
        elif self.kind == ContactKind.EMAIL_PATTERN:
            if PATTERN_PLACEHOLDER not in value:
                raise ValidationError(
                    {
                        "value": "Le modèle doit contenir XX, remplacé par le numéro de l'arrondissement (exemple : conseilcitoyenXX@gmail.com)."
                    }
                )
            EmailValidator(
                message=f"« {value} » ne donne pas une adresse e-mail valide une fois XX remplacé."
            )(value.replace(PATTERN_PLACEHOLDER, "18"))
        elif self.kind == ContactKind.PHONE:
            try:
                self.value = normalise_phone(value)
            except ValidationError as error:
                raise ValidationError({"value": error.messages}) from error
        elif self.kind == ContactKind.URL:
            URLValidator(
                message=f"« {value} » n'est pas une adresse web valide (elle doit commencer par https://)."
            )(value)

    # --- display ---

    @property
    def display_value(self):
        return contact_display_value(self.kind, self.value)

    @property
    def href(self):
        return contact_href(self.kind, self.value)

    @property
    def is_pattern(self):
        return self.kind == ContactKind.EMAIL_PATTERN

    def resolve(self, arrondissement):
        """The contact for one arrondissement: conseilcitoyenXX@gmail.com -> conseilcitoyen18@gmail.com."""
        validate_arrondissement(arrondissement)
        if not self.is_pattern:
            return self.value
        return self.value.replace(PATTERN_PLACEHOLDER, f"{arrondissement:02d}")


def readable_url(url):
    """The address as printed in the guide: no scheme, no "www.", no trailing slash."""
    text = re.sub(r"^https?://", "", url or "")
    text = re.sub(r"^www\.", "", text)
    return text.rstrip("/")


class EntryLink(Orderable):
    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(
        "intitulé",
        max_length=150,
        default="Pour plus d'informations",
        help_text="Texte qui introduit le lien, par exemple « Pour plus d'informations » ou « Plateforme nationale ».",
    )
    url = models.URLField(
        "adresse web", max_length=500, help_text="Adresse complète, commençant par https://."
    )
    text = models.CharField(
        "adresse lisible",
        max_length=200,
        blank=True,
        help_text="Facultatif : l'adresse telle qu'imprimée (paris.fr/cartecitoyenne). Par défaut, elle est déduite de l'adresse web.",
    )

    panels = [FieldPanel("label"), FieldRowPanel([FieldPanel("url"), FieldPanel("text")])]

    class Meta(Orderable.Meta):
        verbose_name = "lien"
        verbose_name_plural = "liens"

    def __str__(self):
        return f"{self.label} : {self.display_text}"

    @property
    def display_text(self):
        return self.text or readable_url(self.url)


class FundType(models.TextChoices):
    FPH = "FPH", "FPH — Fonds de Participation des Habitants"
    FSIH = "FSIH", "FSIH — Fonds de Soutien aux Initiatives des Habitants"
    FAIH = "FAIH", "FAIH — Fonds d'Aide aux Initiatives des Habitants"


def fund_order(fund):
    """The FPH table's order: by arrondissement, then in the editors' order."""
    return (fund.arrondissement, fund.sort_order or 0)


class FphFund(Orderable):
    """One row of the FPH contact table: a fund run by an association in a quartier populaire."""

    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="fph_funds")
    arrondissement = ArrondissementField(
        help_text="Arrondissement du quartier populaire, de 1 à 20."
    )
    quartier = models.CharField(
        "quartier",
        max_length=150,
        blank=True,
        help_text="Facultatif : nom du quartier quand l'arrondissement en compte plusieurs (« Goutte d'or »).",
    )
    fund = models.CharField(
        "nom du fonds",
        max_length=10,
        choices=FundType.choices,
        default=FundType.FPH,
        help_text="FPH, FSIH ou FAIH selon l'association.",
    )
    association = models.CharField(
        "association",
        max_length=200,
        help_text="Association qui porte le fonds et reçoit les demandes.",
    )
    phone = models.CharField(
        "téléphone",
        max_length=20,
        help_text="Numéro à 10 chiffres, par exemple 01 43 29 62 61. Il est enregistré sous une forme unique et affiché au format français.",
    )
    phone_note = models.CharField(
        "précision sur le téléphone",
        max_length=100,
        blank=True,
        help_text="Facultatif : à qui appartient le numéro s'il n'est pas celui de l'association (« EDL 10e »).",
    )

    panels = [
        FieldRowPanel([FieldPanel("arrondissement"), FieldPanel("quartier")]),
        FieldRowPanel([FieldPanel("fund"), FieldPanel("association")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("phone_note")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "fonds de participation des habitants"
        verbose_name_plural = "fonds de participation des habitants"

    def __str__(self):
        return f"{self.place_label} — {self.fund} — {self.association}"

    def clean(self):
        super().clean()
        try:
            self.phone = normalise_phone(self.phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
        if not self.phone:
            raise ValidationError({"phone": "Indiquez le numéro de téléphone du fonds."})

    def save(self, *args, **kwargs):
        # Rows also arrive from revisions and load_guide: store one form whatever the path.
        if self.phone:
            self.phone = normalise_phone(self.phone)
        super().save(*args, **kwargs)

    @property
    def place_label(self):
        label = arrondissement_label(self.arrondissement)
        return f"{label} {self.quartier}".strip()

    @property
    def phone_display(self):
        return format_phone(self.phone)

    @property
    def phone_link(self):
        return phone_href(self.phone)
