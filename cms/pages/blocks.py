"""StreamField blocks of the standard pages (accessibility statement, legal notice...).

One template per block under templates/components/<block>_block.html. Other apps add
their blocks to `StandardPageBody` (the consultations add a form block), so keep it a
plain StreamBlock that anyone can extend with one line.
"""

from wagtail import blocks

from cms.consultations.blocks import ConsultationBlock

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "ul", "ol"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = "intertitre"
        help_text = "Intertitre de niveau 2 : il apparaît dans le plan de la page lu par les lecteurs d'écran."
        template = "components/heading_block.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "texte"
        help_text = "Un ou plusieurs paragraphes, en phrases courtes et simples."
        template = "components/paragraph_block.html"


class NoticeBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label="titre", help_text="Titre court de l'encadré, par exemple « À retenir »."
    )
    text = blocks.RichTextBlock(
        label="texte", features=RICH_TEXT_FEATURES, help_text="Le contenu de l'encadré."
    )

    class Meta:
        icon = "warning"
        label = "encadré"
        help_text = "Un encadré mis en valeur, pour une information importante."
        template = "components/notice_block.html"


class StandardPageBody(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    notice = NoticeBlock()
    consultation = ConsultationBlock()
