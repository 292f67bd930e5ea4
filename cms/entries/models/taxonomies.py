"""The vocabularies entries are filed under: sections (kinds), publics, démarches, arrondissements."""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from cms.core.arrondissements import ArrondissementField, arrondissement_label
from cms.core.phones import normalise_phone

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class EntryKind(models.TextChoices):
    INSTANCE = "instance", "Acteur de la participation"
    TOOL = "tool", "Outil"
    PLATFORM = "platform", "Plateforme numérique"
    TRAINING = "training", "Formation"
    INTERLOCUTOR = "interlocutor", "Interlocuteur"


# Stable public URL segment of each section: changing one breaks every link ever shared.
SECTION_SLUGS = {
    EntryKind.INSTANCE: "acteurs",
    EntryKind.TOOL: "outils",
    EntryKind.PLATFORM: "plateformes-numeriques",
    EntryKind.TRAINING: "formations",
    EntryKind.INTERLOCUTOR: "interlocuteurs",
}
SECTION_ORDER = list(SECTION_SLUGS)


# --- Taxonomies -----------------------------------------------------------------------


class Audience(models.Model):
    """Who an entry is for ("Pour qui ?"), as a resident would describe themself."""

    code = models.SlugField(
        "code",
        max_length=40,
        unique=True,
        help_text="Identifiant technique, stable (utilisé dans les adresses et l'API).",
    )
    label = models.CharField(
        "libellé",
        max_length=100,
        help_text="Tel que lu par les Parisien·ne·s, par exemple « Jeunes (15-30 ans) ».",
    )
    sort_order = models.PositiveSmallIntegerField(
        "ordre", default=0, help_text="Position dans les listes de choix."
    )

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = "public"
        verbose_name_plural = "publics"

    def __str__(self):
        return self.label


class Action(models.Model):
    """What a resident wants to do: the paths of the landing page ("Je propose...")."""

    code = models.SlugField(
        "code",
        max_length=40,
        unique=True,
        help_text="Identifiant technique, stable (utilisé dans les adresses et l'API).",
    )
    label = models.CharField(
        "libellé",
        max_length=100,
        help_text="Formulé à la première personne, par exemple « Je propose une idée / un projet ».",
    )
    description = models.CharField(
        "description",
        max_length=255,
        blank=True,
        help_text="Une phrase simple qui explique ce parcours.",
    )
    sort_order = models.PositiveSmallIntegerField(
        "ordre", default=0, help_text="Position dans les listes et sur la page d'accueil."
    )

    class Meta:
        ordering = ["sort_order", "label"]
        verbose_name = "démarche"
        verbose_name_plural = "démarches"

    def __str__(self):
        return self.label


class Arrondissement(models.Model):
    """One of the 20 arrondissements and its mairie's contact details; rows are created by
    a migration, editors fill in the mairie. How the mairie is shown (the same on the web
    page, the API item and the PDF edition) is decided in cms.entries.presentation."""

    number = ArrondissementField(unique=True, help_text="Numéro de l'arrondissement, de 1 à 20.")
    mairie_name = models.CharField(
        "nom de la mairie",
        max_length=200,
        blank=True,
        help_text="Laissez vide pour « Mairie du 18e arrondissement » (avec le bon numéro).",
    )
    mairie_address = models.TextField(
        "adresse de la mairie",
        blank=True,
        help_text="Adresse postale : numéro, rue, code postal et ville, une ligne par ligne imprimée.",
    )
    mairie_phone = models.CharField(
        "téléphone de la mairie",
        max_length=20,
        blank=True,
        help_text="Numéro de l'accueil, par exemple 01 43 29 62 61.",
    )
    mairie_url = models.URLField(
        "page web de la mairie",
        blank=True,
        help_text="Adresse complète de la page de la mairie, commençant par https://.",
    )

    panels = [
        FieldPanel("mairie_name"),
        FieldPanel("mairie_address"),
        FieldRowPanel([FieldPanel("mairie_phone"), FieldPanel("mairie_url")]),
    ]

    class Meta:
        ordering = ["number"]
        verbose_name = "arrondissement"
        verbose_name_plural = "arrondissements"

    def __str__(self):
        return f"{arrondissement_label(self.number)} arrondissement"

    def save(self, *args, **kwargs):
        self.mairie_phone = normalise_phone(self.mairie_phone)
        super().save(*args, **kwargs)

    @property
    def label(self):
        return arrondissement_label(self.number)

    @property
    def has_mairie_contact(self):
        return bool(self.mairie_address.strip() or self.mairie_phone or self.mairie_url)

    def clean(self):
        super().clean()
        try:
            self.mairie_phone = normalise_phone(self.mairie_phone)
        except ValidationError as error:
            raise ValidationError({"mairie_phone": error.messages}) from error
