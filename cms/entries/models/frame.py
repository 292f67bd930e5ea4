"""The texts around the entries: the five sections and the guide's frame (édito, closing page)."""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from ..addresses import guide_url
from .taxonomies import RICH_TEXT_FEATURES, SECTION_SLUGS, EntryKind

# --- The frame of the guide --------------------------------------------------------------


class Section(WorkflowMixin, DraftStateMixin, RevisionMixin, models.Model):
    """One of the five parts of the guide: its title and introduction."""

    kind = models.CharField(
        "partie",
        max_length=20,
        choices=EntryKind.choices,
        unique=True,
        help_text="La partie du guide que ce texte présente.",
    )
    number = models.PositiveSmallIntegerField(
        "numéro", help_text="Numéro de la partie dans le guide imprimé (#1 à #5)."
    )
    title = models.CharField(
        "titre",
        max_length=200,
        help_text="Titre de la partie, par exemple « Les acteurs de la participation ».",
    )
    intro = RichTextField(
        "introduction",
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Quelques phrases simples qui présentent la partie.",
    )

    pictogram = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="pictogramme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Pictogramme de la partie, imprimé sur sa page d'ouverture (SVG ou PNG carré, une seule couleur). Sans image, le pictogramme fourni avec le guide est utilisé.",
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("number")]),
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("pictogram"),
        # Publication and expiry dates ("Programmer" in the status panel).
        PublishingPanel(),
    ]

    class Meta:
        ordering = ["number"]
        verbose_name = "partie du guide"
        verbose_name_plural = "parties du guide"

    def __str__(self):
        return f"#{self.number} {self.title}"

    @property
    def slug(self):
        return SECTION_SLUGS[self.kind]

    def get_url_path(self):
        return guide_url("section", self.slug)


class GuideFrame(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """The texts around the entries: cover, édito, closing page and publisher's block.

    There is one frame; together with the sections and entries it is enough to
    regenerate the whole printed guide.
    """

    title = models.CharField(
        "titre du guide",
        max_length=200,
        help_text="Titre de couverture, par exemple « Participation citoyenne ».",
    )
    subtitle = models.CharField(
        "sous-titre", max_length=200, blank=True, help_text="Par exemple « Le guide »."
    )
    publisher_name = models.CharField(
        "éditeur",
        max_length=200,
        help_text="Nom affiché en couverture, par exemple « Mairie de Paris ».",
    )
    edition_label = models.CharField(
        "édition",
        max_length=50,
        blank=True,
        help_text="Année ou mention d'édition, par exemple « 2017 ».",
    )
    edito_title = models.CharField(
        "titre de l'édito", max_length=100, default="Édito", help_text="Titre de la page d'édito."
    )
    edito_author = models.CharField(
        "auteur·rice de l'édito",
        max_length=150,
        blank=True,
        help_text="Nom de la personne qui signe l'édito.",
    )
    edito_role = models.CharField(
        "fonction",
        max_length=300,
        blank=True,
        help_text="Fonction de la personne qui signe l'édito.",
    )
    edito_text = RichTextField(
        "texte de l'édito",
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Le texte de l'édito, en paragraphes.",
    )
    commitments = StreamField(
        [
            (
                "commitment",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock(label="titre")),
                        ("text", blocks.TextBlock(label="texte")),
                    ],
                    label="engagement",
                    icon="pick",
                ),
            )
        ],
        blank=True,
        verbose_name="engagements de la Ville",
        help_text="Les engagements présentés sur la page d'accueil (droit effectif, co-construction, recueillir la voix de tous).",
    )
    closing_title = models.CharField(
        "titre de la page de clôture",
        max_length=200,
        blank=True,
        help_text="Par exemple « Vos interlocuteurs pour vous accompagner ».",
    )
    closing_text = RichTextField(
        "texte de clôture",
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Le texte de la dernière page.",
    )
    closing_url = models.URLField(
        "adresse de référence",
        blank=True,
        help_text="Adresse web mise en avant sur la dernière page, par exemple https://www.paris.fr/participez.",
    )
    publisher_block = RichTextField(
        "bloc éditeur",
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Direction et service éditeurs, imprimés en quatrième de couverture.",
    )
    # The legal imprint of a printed work (loi du 29 juillet 1881, art. 2 and 3; Code du
    # patrimoine, dépôt légal): printed on the back cover of the print edition.
    printer_imprint = models.CharField(
        "imprimeur",
        max_length=300,
        blank=True,
        help_text="Nom et adresse de l'imprimeur, obligatoires sur tout imprimé diffusé (loi du 29 juillet 1881, art. 2). Par exemple « Imprimé par Imprimerie Exemple, 1 rue de l'Exemple, 75000 Paris ».",
    )
    legal_deposit = models.CharField(
        "dépôt légal",
        max_length=100,
        blank=True,
        help_text="Par exemple « Dépôt légal : novembre 2026 ». Imprimé en quatrième de couverture.",
    )
    edition_date = models.DateField(
        "date de l'édition",
        null=True,
        blank=True,
        help_text="Date d'achèvement de l'impression, imprimée en quatrième de couverture.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="logo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Logo de la Ville imprimé sur la couverture et la quatrième (SVG ou PNG). Sans image, le logo fourni avec le guide est utilisé.",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="image de couverture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Image en bas de la couverture (SVG, ou PNG de 1800 pixels de large au moins pour l'impression). Sans image, l'illustration fournie avec le guide est utilisée.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("subtitle"),
                FieldRowPanel([FieldPanel("publisher_name"), FieldPanel("edition_label")]),
            ],
            heading="Couverture",
        ),
        MultiFieldPanel(
            [
                FieldPanel("edito_title"),
                FieldRowPanel([FieldPanel("edito_author"), FieldPanel("edito_role")]),
                FieldPanel("edito_text"),
            ],
            heading="Édito",
        ),
        FieldPanel("commitments"),
        MultiFieldPanel(
            [FieldPanel("closing_title"), FieldPanel("closing_text"), FieldPanel("closing_url")],
            heading="Page de clôture",
        ),
        FieldPanel("publisher_block"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("logo"), FieldPanel("cover_image")]),
                FieldPanel("printer_imprint"),
                FieldRowPanel([FieldPanel("legal_deposit"), FieldPanel("edition_date")]),
            ],
            heading="Identité et mentions légales de l'édition imprimée",
        ),
        # Publication and expiry dates ("Programmer" in the status panel).
        PublishingPanel(),
    ]

    class Meta:
        verbose_name = "cadre du guide"
        verbose_name_plural = "cadre du guide"

    def __str__(self):
        return f"{self.title} — {self.subtitle}".strip(" —")

    def clean(self):
        super().clean()
        others = GuideFrame.objects.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(
                "Le guide n'a qu'un cadre : modifiez le cadre existant plutôt que d'en créer un second."
            )

    @classmethod
    def published(cls):
        """The frame as published (its row), or None before load_guide has run."""
        return cls.objects.filter(live=True).first()
