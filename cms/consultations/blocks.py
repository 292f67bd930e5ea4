"""StreamField blocks: the questions an editor composes, and the block that places a
consultation inside any CMS page.

Each question is stored in the answers under its block id, which Wagtail keeps stable
across revisions: an editor can reword a question or reorder the questionnaire without
orphaning the answers already collected.
"""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.core.addresses import base_url

from .choices import AGE_BRACKET_LABELS, AGE_BRACKETS, SCALE_VALUES  # noqa: F401 (re-exported)
from .forms import build_form_class


class QuestionBlock(blocks.StructBlock):
    """What every question shares: its wording, a hint and whether an answer is required."""

    label = blocks.CharBlock(
        label="Question",
        max_length=300,
        help_text="La question telle que les habitant·e·s la lisent.",
    )
    hint = blocks.TextBlock(
        label="Aide",
        required=False,
        help_text="Facultatif : une précision affichée sous la question.",
    )
    required = blocks.BooleanBlock(
        label="Réponse obligatoire",
        required=False,
        default=False,
        help_text="Cochez si la réponse doit être donnée pour envoyer le formulaire.",
    )

    class Meta:
        abstract = True


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(label="Réponse proposée", max_length=200),
        label="Réponses proposées",
        min_num=2,
        help_text="Les réponses entre lesquelles choisir, dans l'ordre d'affichage.",
    )

    class Meta:
        abstract = True


class SingleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        label = "Choix unique"
        icon = "radio-full"


class MultipleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        label = "Choix multiples"
        icon = "tasks"


class ScaleBlock(QuestionBlock):
    low_label = blocks.CharBlock(
        label="Libellé de la note 1",
        max_length=80,
        default="Pas du tout d'accord",
        help_text="Ce que signifie la note la plus basse.",
    )
    high_label = blocks.CharBlock(
        label="Libellé de la note 5",
        max_length=80,
        default="Tout à fait d'accord",
        help_text="Ce que signifie la note la plus haute.",
    )

    class Meta:
        label = "Échelle de 1 à 5"
        icon = "order"


class ShortTextBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label="Longueur maximale",
        default=200,
        min_value=10,
        max_value=500,
        help_text="Nombre maximal de caractères acceptés (500 au plus).",
    )

    class Meta:
        label = "Texte court"
        icon = "pilcrow"


class LongTextBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label="Longueur maximale",
        default=2000,
        min_value=100,
        max_value=5000,
        help_text="Nombre maximal de caractères acceptés (5 000 au plus).",
    )

    class Meta:
        label = "Texte long"
        icon = "doc-full"


class ArrondissementQuestionBlock(QuestionBlock):
    class Meta:
        label = "Arrondissement (1 à 20)"
        icon = "site"


class AgeBracketBlock(QuestionBlock):
    class Meta:
        label = "Tranche d'âge"
        icon = "group"


class EmailQuestionBlock(blocks.StructBlock):
    """Never required: residents may leave an address for follow-up only with explicit consent."""

    label = blocks.CharBlock(
        label="Question",
        max_length=300,
        default="Votre adresse électronique",
        help_text="Le libellé du champ d'adresse électronique.",
    )
    hint = blocks.TextBlock(
        label="Aide",
        required=False,
        default="Seulement si vous souhaitez être informé·e des suites de la consultation.",
        help_text="Facultatif : une précision affichée sous le champ.",
    )
    consent_label = blocks.CharBlock(
        label="Texte du consentement",
        max_length=400,
        default=(
            "J'accepte que la Ville de Paris utilise cette adresse pour m'informer des suites "
            "de cette consultation, et seulement pour cela."
        ),
        help_text="La case à cocher que la personne doit cocher pour que son adresse soit gardée.",
    )

    class Meta:
        label = "Adresse électronique facultative (avec consentement)"
        icon = "mail"


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    scale = ScaleBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    arrondissement = ArrondissementQuestionBlock()
    age_bracket = AgeBracketBlock()
    email = EmailQuestionBlock()

    class Meta:
        block_counts = {
            "arrondissement": {"max_num": 1},
            "age_bracket": {"max_num": 1},
            "email": {"max_num": 1},
        }


class ConsultationBlock(blocks.StructBlock):
    """A consultation inside any CMS page, also on the static published site.

    The iframe (default) is fetched live by each visitor, so it carries a fresh one-time
    token; the inline form is rendered once when the site is exported, so it carries no
    token and the live application asks the resident to confirm once (nothing is lost,
    JavaScript is not needed).
    """

    consultation = SnippetChooserBlock(
        "consultations.Consultation",
        label="Consultation",
        help_text="La consultation dont le formulaire s'affiche ici.",
    )
    display = blocks.ChoiceBlock(
        label="Affichage",
        choices=[
            ("iframe", "Cadre intégré (recommandé)"),
            ("inline", "Formulaire dans la page (une confirmation sera demandée à l'envoi)"),
        ],
        default="iframe",
        help_text=(
            "Le cadre intégré charge le formulaire depuis l'application en ligne ; le "
            "formulaire dans la page s'affiche sans cadre mais demande une confirmation."
        ),
    )

    class Meta:
        label = "Consultation"
        icon = "form"
        template = "consultations/consultation_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        consultation = value["consultation"]
        context["base_url"] = base_url()
        if consultation is not None and value["display"] == "inline":
            context["form"] = build_form_class(consultation)(auto_id="id_%s")
            context["action"] = base_url() + consultation.get_url_path()
        return context
