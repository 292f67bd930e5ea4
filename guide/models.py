"""Records of what was published and printed, shown to editors through wagtail-modeladmin."""

from django.conf import settings
from django.db import models


class RunStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    SUCCESS = "success", "Terminé"
    FAILED = "failed", "Échec"


class PublishRun(models.Model):
    """One run of `publish`: the static site written from the published content."""

    started_at = models.DateTimeField("début", auto_now_add=True)
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="lancé par",
    )
    status = models.CharField(
        "état", max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    output_dir = models.CharField("dossier de sortie", max_length=500, blank=True)
    fingerprint = models.CharField("empreinte du contenu", max_length=64, blank=True)
    pages_written = models.PositiveIntegerField("pages écrites", default=0)
    pages_unchanged = models.PositiveIntegerField("pages inchangées", default=0)
    pages_removed = models.PositiveIntegerField("pages supprimées", default=0)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    error = models.TextField("erreur", blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "publication du site"
        verbose_name_plural = "publications du site"

    def __str__(self):
        return f"Publication du {self.started_at:%d/%m/%Y %H:%M}"


class PrintEdition(models.Model):
    """One PDF of the guide, kept with the fingerprint of the content it was built from."""

    created_at = models.DateTimeField("date", auto_now_add=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="construit par",
    )
    edition = models.CharField("édition", max_length=20)
    paper = models.CharField("format", max_length=10, default="a5")
    arrondissement = models.PositiveSmallIntegerField("arrondissement", null=True, blank=True)
    marks = models.BooleanField("traits de coupe", default=False)
    fingerprint = models.CharField("empreinte du contenu", max_length=64, db_index=True)
    page_count = models.PositiveIntegerField("nombre de pages", default=0)
    size_bytes = models.PositiveIntegerField("taille (octets)", default=0)
    file = models.FileField("fichier", upload_to="guides/", blank=True)
    status = models.CharField(
        "état", max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    is_preview = models.BooleanField("aperçu d'un brouillon", default=False)
    error = models.TextField("erreur", blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "édition PDF"
        verbose_name_plural = "éditions PDF"

    def __str__(self):
        return f"{self.get_edition_display() if hasattr(self, 'get_edition_display') else self.edition} du {self.created_at:%d/%m/%Y %H:%M}"
