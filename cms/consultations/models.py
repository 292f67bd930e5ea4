"""Consultations of residents, their answers, and the spam they attract.

A consultation is a Wagtail snippet with drafts and revisions rather than a plain
admin model: its questionnaire, privacy notice and restitution text are public
content that editors prepare, preview and publish like the guide's entries, and the
database row always holds the published version (the public form never shows a draft).
Answers and spam counters are operational records, listed with wagtail-modeladmin.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from cms.core.addresses import base_url
from cms.core.arrondissements import ArrondissementField

from .blocks import QuestionStreamBlock
from .choices import AGE_BRACKETS
from .forms import build_form_class

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class ConsultationState(models.TextChoices):
    UPCOMING = "upcoming", "À venir"
    OPEN = "open", "Ouverte"
    CLOSED = "closed", "Terminée"


class ConsultationQuerySet(models.QuerySet):
    """The one definition of what residents may see, shared by the page, the embed, the list and the API."""

    def published(self):
        """Live and not past its expiry date; open, upcoming or closed alike."""
        return self.filter(live=True).exclude(expire_at__lte=timezone.now())

    def open(self, now=None):
        """Published and accepting answers now."""
        now = now or timezone.now()
        return self.published().filter(opens_at__lte=now, closes_at__gt=now)


class Consultation(DraftStateMixin, RevisionMixin, PreviewableMixin, index.Indexed, models.Model):
    title = models.CharField(
        "titre",
        max_length=200,
        help_text="Le titre de la consultation, tel que les habitant·e·s le lisent.",
    )
    slug = models.SlugField(
        "adresse web",
        max_length=100,
        unique=True,
        allow_unicode=False,
        help_text=(
            "La fin de l'adresse du formulaire : …/consultations/<adresse>/. Ne la changez "
            "pas une fois le formulaire intégré sur d'autres sites."
        ),
    )
    introduction = RichTextField(
        "introduction",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Pourquoi la Ville consulte, ce qu'elle fera des réponses.",
    )
    opens_at = models.DateTimeField(
        "ouverture",
        help_text="Date et heure (heure de Paris) à partir desquelles on peut répondre.",
    )
    closes_at = models.DateTimeField(
        "clôture",
        help_text="Date et heure (heure de Paris) après lesquelles les réponses sont refusées.",
    )
    questions = StreamField(
        QuestionStreamBlock(),
        verbose_name="questions",
        blank=True,
        help_text="Les questions, dans l'ordre où elles s'affichent.",
    )
    thank_you_text = RichTextField(
        "texte de remerciement",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Affiché après l'envoi d'une réponse.",
    )
    privacy_notice = RichTextField(
        "mentions sur les données personnelles",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Qui traite les réponses, pourquoi, combien de temps, et comment exercer ses droits.",
    )
    results_published = models.BooleanField(
        "résultats publiés",
        default=False,
        help_text=(
            "Cochez pour publier la restitution aux habitant·e·s. Elle n'apparaît qu'une fois "
            "la consultation terminée."
        ),
    )
    restitution_text = RichTextField(
        "texte de restitution",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Ce que la Ville retient des réponses, affiché au-dessus des résultats publiés.",
    )

    objects = ConsultationQuerySet.as_manager()

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldRowPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading="Période de réponse"
        ),
        FieldPanel("introduction"),
        FieldPanel("questions"),
        FieldPanel("thank_you_text"),
        FieldPanel("privacy_notice"),
    ]
    restitution_panels = [
        MultiFieldPanel(
            [FieldPanel("results_published"), FieldPanel("restitution_text")], heading="Restitution"
        ),
    ]

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = "consultation"
        verbose_name_plural = "consultations"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "La clôture doit être postérieure à l'ouverture."
        if self.slug and self.slug != slugify(self.slug):
            errors["slug"] = (
                "L'adresse web ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets."
            )
        if errors:
            raise ValidationError(errors)

    # --- state ---

    def state(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return ConsultationState.UPCOMING
        if now >= self.closes_at:
            return ConsultationState.CLOSED
        return ConsultationState.OPEN

    @property
    def current_state(self):
        return self.state()

    @property
    def state_label(self):
        return ConsultationState(self.state()).label

    @property
    def restitution_visible(self):
        return self.live and self.results_published and self.state() == ConsultationState.CLOSED

    # --- addresses ---

    def get_url_path(self):
        return reverse("consultations:page", args=[self.slug])

    def get_url(self, request=None):
        return self.get_url_path()

    def get_embed_path(self):
        return reverse("consultations:embed", args=[self.slug])

    @property
    def embed_url(self):
        return base_url() + self.get_embed_path()

    @property
    def embed_snippet(self):
        return format_html(
            '<iframe src="{}" title="{}" width="100%" height="900" style="border:0;max-width:48rem" '
            'loading="lazy"></iframe>\n<script src="{}" async></script>',
            self.embed_url,
            f"Consultation : {self.title}",
            self.embed_script_url,
        )

    @property
    def embed_script_url(self):
        # The unhashed name on purpose: partners paste it once and keep it for years.
        return base_url() + settings.STATIC_URL + "js/embed-resize.js"

    # --- questions ---

    def question_list(self):
        """(id, type, value) of every question, in display order."""
        return [(child.id, child.block_type, child.value) for child in self.questions]

    def get_preview_template(self, request, mode_name):
        return "consultations/consultation_page.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(
            {
                "consultation": self,
                "form": build_form_class(self)(),
                "state": ConsultationState.OPEN,
                "action": "",
                "is_preview": True,
            }
        )
        return context


Consultation.edit_handler = TabbedInterface(
    [
        ObjectList(Consultation.panels, heading="Questionnaire"),
        ObjectList(Consultation.restitution_panels, heading="Restitution"),
        ObjectList(
            [
                HelpPanel(
                    template="consultations/admin/embed_panel.html", heading="Code d'intégration"
                )
            ],
            heading="Intégration",
        ),
    ]
)


class AnswerSource(models.TextChoices):
    WEB = "web", "Site (page)"
    EMBED = "embed", "Formulaire intégré"
    API = "api", "API JSON"
    PAPER = "paper", "Papier (réunion)"


class HeldReason(models.TextChoices):
    TOO_FAST = "too_fast", "Envoyé plus vite qu'une personne ne remplit le formulaire"
    HONEYPOT = "honeypot", "Champ piège rempli (robot, ou remplissage automatique du navigateur)"


class AnswerQuerySet(models.QuerySet):
    def counted(self):
        """Answers that count in results and exports: not held aside for review."""
        return self.filter(held=False)

    def held_aside(self):
        return self.filter(held=True)


class Answer(models.Model):
    """One resident's answers to one consultation, stored exactly once.

    `submission_token` comes from the one-time token of the form the resident received;
    its unique constraint is what turns a double click or a retried request into the
    same stored answer instead of two.
    """

    # Answers point at their consultation but are not content: keeping them out of
    # Wagtail's reference index saves a query and several writes per answer.
    wagtail_reference_index_ignore = True

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name="consultation",
        # The (consultation, submitted_at) index below serves every lookup by
        # consultation: an index of its own would be one more to write for each answer.
        db_index=False,
    )
    submission_token = models.UUIDField("jeton d'envoi", unique=True, editable=False)
    submitted_at = models.DateTimeField("reçue le", default=timezone.now, db_index=True)
    source = models.CharField(
        "origine", max_length=10, choices=AnswerSource.choices, default=AnswerSource.WEB
    )
    meeting_name = models.CharField(
        "réunion",
        max_length=200,
        blank=True,
        help_text="Pour une réponse papier : la réunion où elle a été recueillie.",
    )
    data = models.JSONField(
        "réponses", default=dict, help_text="Réponses par identifiant de question."
    )
    arrondissement = ArrondissementField(null=True, blank=True)
    age_bracket = models.CharField("tranche d'âge", max_length=20, choices=AGE_BRACKETS, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    email_consent = models.BooleanField("consentement au recontact", default=False)
    consent_recorded_at = models.DateTimeField("consentement donné le", null=True, blank=True)
    email_purged_at = models.DateTimeField("adresse effacée le", null=True, blank=True)
    publishable = models.BooleanField(
        "réponses libres publiables",
        default=False,
        help_text="Cochez pour que les réponses en texte libre de cette personne puissent être citées dans la restitution publique.",
    )
    held = models.BooleanField(
        "mise de côté",
        default=False,
        help_text=(
            "Réponse reçue mais qui ressemble à un envoi automatique : elle n'est comptée "
            "dans les résultats et les exports qu'une fois libérée par l'équipe."
        ),
    )
    held_reason = models.CharField(
        "motif de la mise de côté", max_length=20, choices=HeldReason.choices, blank=True
    )
    released_at = models.DateTimeField("libérée le", null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "réponse"
        verbose_name_plural = "réponses"
        indexes = [models.Index(fields=["consultation", "submitted_at"])]

    def __str__(self):
        return f"Réponse n° {self.pk} à « {self.consultation} »"

    @property
    def is_paper(self):
        return self.source == AnswerSource.PAPER

    def answered_questions(self):
        """(question label, raw answer) in the consultation's order; answers to a question
        removed since come last, under its identifier, so nothing a resident wrote is hidden."""
        data = dict(self.data or {})
        rows = []
        for question_id, _block_type, value in self.consultation.question_list():
            if question_id in data:
                rows.append((value.get("label") or question_id, data.pop(question_id)))
        rows += [(f"Question retirée depuis (« {qid} »)", answer) for qid, answer in data.items()]
        return rows

    def release(self):
        """An analyst looked at a held answer and counts it."""
        self.held = False
        self.released_at = timezone.now()
        self.save(update_fields=["held", "released_at"])


class SpamReason(models.TextChoices):
    HONEYPOT = "honeypot", "Champ piège rempli"
    TOO_FAST = "too_fast", "Envoyé trop vite"
    RATE_LIMIT = "rate_limit", "Trop d'envois depuis une même adresse"


class SpamCounter(models.Model):
    """How many submissions were turned away as spam, per consultation, day and reason."""

    wagtail_reference_index_ignore = True

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="spam_counters",
        verbose_name="consultation",
    )
    day = models.DateField("jour")
    reason = models.CharField("motif", max_length=20, choices=SpamReason.choices)
    count = models.PositiveIntegerField("nombre", default=0)

    class Meta:
        ordering = ["-day", "consultation", "reason"]
        verbose_name = "envoi indésirable"
        verbose_name_plural = "envois indésirables"
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "day", "reason"], name="unique_spam_counter_per_day"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} : {self.count} ({self.day})"

    @classmethod
    def record(cls, consultation, reason):
        day = timezone.localdate()
        updated = cls.objects.filter(consultation=consultation, day=day, reason=reason).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    cls.objects.create(consultation=consultation, day=day, reason=reason, count=1)
            except IntegrityError:
                cls.objects.filter(consultation=consultation, day=day, reason=reason).update(
                    count=F("count") + 1
                )
