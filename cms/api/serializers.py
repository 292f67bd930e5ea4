"""What each item of /api/v2/ says, as Django REST framework serializers.

They read objects already loaded through `cms.entries.published` (relations prefetched,
published rows only) and never query drafts. drf-spectacular reads their fields and the
`extend_schema_field` hints to describe each item in the OpenAPI document.

Context every serializer expects: `request` (absolute API links), and for entries
`positions` ({pk: place in the guide}) and `sections` ({kind: section}).
"""

import re
from functools import partial

from wagtail.rich_text import expand_db_html

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.core.addresses import base_url
from cms.core.arrondissements import arrondissement_label
from cms.entries.addresses import guide_url
from cms.entries.typography import typographie, typographie_texte

_RELATIVE_HREF = re.compile(r'(\s(?:href|src)=")(/[^"]*)"')


def absolute(path):
    return f"{base_url()}{path}"


def rich_text(value):
    """Display HTML: internal links resolved, then made absolute for other front ends."""
    if not value:
        return ""
    html = expand_db_html(value)
    return _RELATIVE_HREF.sub(lambda m: f'{m.group(1)}{absolute(m.group(2))}"', html)


def api_url(serializer, path):
    return serializer.context["request"].build_absolute_uri(path)


def _datetime(value):
    return value.isoformat() if value else None


@extend_schema_field(
    {"type": "string", "description": "HTML ; liens internes résolus en adresses publiques."}
)
class RichTextField(serializers.Field):
    def to_representation(self, value):
        return rich_text(value)


# French typography of the guide's texts (cms.entries.typography), at output as on the web
# pages and in the PDF: l'→l’, ...→…, 18E→18e. The stored text stays the editor's. Only the
# texts editors write use these fields: slugs, URLs, e-mails, phone numbers, codes and
# dates stay as stored.


class TypographicTextField(serializers.CharField):
    """Plain text an editor wrote (a title, a label, a key figure)."""

    def to_representation(self, value):
        return typographie_texte(super().to_representation(value))


class ContactDisplayField(serializers.CharField):
    """A contact's value as printed: a plain-text contact (a postal address, « Contactez
    votre mairie d'arrondissement ») in French typography, as on the web page; a linked
    one (e-mail, phone number, web address) exactly as stored."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, contact):
        # A row, a resolved contact, or the dict an arrondissement's view builds.
        read = contact.get if isinstance(contact, dict) else partial(getattr, contact)
        value = str(read("display_value") or "")
        return value if read("href") else typographie_texte(value)


@extend_schema_field(
    {"type": "string", "description": "HTML ; liens internes résolus en adresses publiques."}
)
class TypographicHtmlField(RichTextField):
    """Rich text an editor wrote (an entry's summary, a section's introduction)."""

    def to_representation(self, value):
        return typographie(super().to_representation(value))


class FieldsSerializer(serializers.Serializer):
    """An item: `id` and `meta` always, the other fields as chosen with ?fields=
    (`fields` in the serializer's arguments, None for all)."""

    always = ("id", "meta")

    def __init__(self, *args, fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fields is not None:
            for name in set(self.fields) - set(fields) - set(self.always):
                self.fields.pop(name)

    @classmethod
    def field_names(cls):
        """The names ?fields= may choose, in output order."""
        return [name for name in cls().fields if name not in cls.always]


# --- shared pieces -----------------------------------------------------------------------


class SectionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    number = serializers.IntegerField()
    title = TypographicTextField()
    slug = serializers.CharField()
    html_url = serializers.SerializerMethodField()

    def get_html_url(self, section) -> str:
        return absolute(section.get_url_path())


class TagSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class LinkSerializer(serializers.Serializer):
    label = TypographicTextField()
    url = serializers.URLField()
    text = serializers.CharField()
    display_text = serializers.CharField()


class EntryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = TypographicTextField()
    kind = serializers.CharField()
    html_url = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()

    def get_html_url(self, entry) -> str:
        return absolute(entry.get_url_path())

    def get_detail_url(self, entry) -> str:
        return api_url(self, f"/api/v2/entries/{entry.pk}/")


class ResolvedContactSerializer(serializers.Serializer):
    arrondissement = serializers.IntegerField(min_value=1, max_value=20)
    value = serializers.CharField()
    href = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    label = TypographicTextField()
    value = serializers.CharField(
        help_text="Valeur enregistrée (téléphone en E.164 ; modèle avec XX pour « email_pattern »)."
    )
    display_value = ContactDisplayField(help_text="Valeur telle qu'imprimée.")
    href = serializers.CharField(help_text="Lien mailto:, tel: ou https:, ou vide.")
    arrondissement = serializers.IntegerField(allow_null=True, min_value=1, max_value=20)
    is_pattern = serializers.BooleanField()
    resolved = serializers.SerializerMethodField(
        help_text="Pour un modèle : l'adresse de chaque arrondissement concerné."
    )

    @extend_schema_field(ResolvedContactSerializer(many=True, allow_null=True))
    def get_resolved(self, contact):
        if not contact.is_pattern:
            return None
        resolved = []
        for number in contact.entry.arrondissement_numbers():
            email = contact.resolve(number)
            resolved.append({"arrondissement": number, "value": email, "href": f"mailto:{email}"})
        return resolved


# --- FPH rows ----------------------------------------------------------------------------


class FphMetaSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_type(self, fund) -> str:
        return "fph"

    def get_detail_url(self, fund) -> str:
        return api_url(self, f"/api/v2/fph/{fund.pk}/")

    def get_html_url(self, fund) -> str:
        return absolute(guide_url("fph_directory_filtered", fund.arrondissement))


class FphSerializer(FieldsSerializer):
    id = serializers.IntegerField(source="pk")
    meta = FphMetaSerializer(source="*")
    arrondissement = serializers.IntegerField(min_value=1, max_value=20)
    arrondissement_label = serializers.SerializerMethodField()
    quartier = TypographicTextField()
    place_label = TypographicTextField()
    fund = serializers.CharField()
    fund_label = serializers.CharField(source="get_fund_display")
    association = TypographicTextField()
    phone = serializers.CharField(help_text="Numéro normalisé E.164 (+33…) ou numéro court (3975).")
    phone_display = serializers.CharField()
    phone_href = serializers.CharField(source="phone_link")
    phone_note = serializers.CharField()
    entry = EntryRefSerializer()

    def get_arrondissement_label(self, fund) -> str:
        return arrondissement_label(fund.arrondissement)


# --- entries -----------------------------------------------------------------------------


class EntryMetaSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    slug = serializers.CharField()
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)

    def get_type(self, entry) -> str:
        return "entries.Entry"

    def get_detail_url(self, entry) -> str:
        return api_url(self, f"/api/v2/entries/{entry.pk}/")

    def get_html_url(self, entry) -> str:
        return absolute(entry.get_url_path())

    def to_representation(self, entry):
        data = super().to_representation(entry)
        # Wagtail's own isoformat(), as every other date of the API.
        data["first_published_at"] = _datetime(entry.first_published_at)
        data["last_published_at"] = _datetime(entry.last_published_at)
        return data


class EntrySerializer(FieldsSerializer):
    """All the published content of one entry."""

    id = serializers.IntegerField(source="pk")
    meta = EntryMetaSerializer(source="*")
    title = TypographicTextField()
    short_name = TypographicTextField()
    display_name = TypographicTextField()
    slug = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    group = TypographicTextField()
    section = serializers.SerializerMethodField()
    order = serializers.SerializerMethodField(help_text="Position dans le guide.")
    summary = TypographicHtmlField()
    for_whom = TypographicHtmlField()
    why = TypographicHtmlField()
    how = TypographicHtmlField()
    min_age = serializers.IntegerField(allow_null=True, min_value=0)
    max_age = serializers.IntegerField(allow_null=True, min_value=0)
    key_figures = serializers.SerializerMethodField()
    contacts = ContactSerializer(many=True)
    links = LinkSerializer(many=True)
    audiences = TagSerializer(many=True)
    actions = TagSerializer(many=True)
    citywide = serializers.BooleanField()
    arrondissements = serializers.ListField(
        source="arrondissement_numbers",
        child=serializers.IntegerField(min_value=1, max_value=20),
        help_text="Arrondissements où l'entrée s'applique (les 20 si tout Paris).",
    )
    fph_funds = FphSerializer(many=True)

    @extend_schema_field(SectionSerializer(allow_null=True))
    def get_section(self, entry):
        section = self.context["sections"].get(entry.kind)
        return SectionSerializer(section, context=self.context).data if section else None

    def get_key_figures(self, entry) -> list[str]:
        return [typographie_texte(figure.text) for figure in entry.key_figures.all()]

    def get_order(self, entry) -> int:
        return self.context["positions"][entry.pk]


# --- arrondissements -----------------------------------------------------------------------


class EntryPlainRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = TypographicTextField()


class ArrondissementContactSerializer(serializers.Serializer):
    """A contact as the arrondissement's web page lists it."""

    entry = EntryPlainRefSerializer(
        allow_null=True, help_text="L'entrée du guide, ou null pour la mairie d'arrondissement."
    )
    kind = serializers.CharField(help_text="email, phone, url ou text, d'après le lien.")
    label = TypographicTextField()
    value = serializers.CharField()
    display_value = ContactDisplayField()
    href = serializers.CharField()


class MairieContactSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="address, phone ou url.")
    label = TypographicTextField()
    value = serializers.CharField()
    display_value = ContactDisplayField()
    href = serializers.CharField()


class MairieSerializer(serializers.Serializer):
    """The arrondissement's mairie as its web page and PDF edition show it."""

    name = TypographicTextField(help_text="Par exemple « Mairie du 18e arrondissement ».")
    address_lines = serializers.ListField(
        child=TypographicTextField(), help_text="Adresse postale, une ligne par élément."
    )
    contacts = MairieContactSerializer(many=True)


class ArrondissementEntrySerializer(EntryRefSerializer):
    citywide = serializers.BooleanField()


class ArrondissementMetaSerializer(serializers.Serializer):
    type = serializers.SerializerMethodField()
    detail_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_type(self, place) -> str:
        return "arrondissements"

    def get_detail_url(self, place) -> str:
        return api_url(self, f"/api/v2/arrondissements/{place.number}/")

    def get_html_url(self, place) -> str:
        return absolute(guide_url("arrondissement", place.number))


class ArrondissementSerializer(FieldsSerializer):
    """What applies in one arrondissement (a `Place`), as its web page shows it."""

    id = serializers.IntegerField(source="number")
    meta = ArrondissementMetaSerializer(source="*")
    number = serializers.IntegerField(min_value=1, max_value=20)
    label = serializers.CharField()
    name = serializers.CharField()
    entries = ArrondissementEntrySerializer(
        many=True,
        help_text="Entrées qui s'appliquent dans l'arrondissement, dans l'ordre du guide.",
    )
    nearby_entries = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Identifiants des entrées propres à quelques arrondissements.",
    )
    through_mairie_entries = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Entrées de tout Paris que l'on rejoint par sa mairie d'arrondissement.",
    )
    mairie = MairieSerializer(
        allow_null=True,
        help_text="La mairie d'arrondissement, null tant que ses coordonnées ne sont pas saisies.",
    )
    contacts = ArrondissementContactSerializer(
        many=True,
        help_text="Les contacts que montre la page web de l'arrondissement (mairie, kiosque, "
        "adresse du conseil citoyen résolue, numéros courts comme le 3975…).",
    )
    fph_funds = FphSerializer(many=True)


# --- the guide's frame -------------------------------------------------------------------


class SectionIntroSerializer(SectionSerializer):
    intro = TypographicHtmlField()
    pictogram = serializers.IntegerField(
        source="pictogram_id", allow_null=True, help_text="Image du pictogramme (images/<id>/)."
    )


class CommitmentSerializer(serializers.Serializer):
    title = TypographicTextField()
    text = TypographicTextField()


class EditoSerializer(serializers.Serializer):
    title = TypographicTextField(source="edito_title")
    author = TypographicTextField(source="edito_author")
    role = TypographicTextField(source="edito_role")
    text = TypographicHtmlField(source="edito_text")


class ClosingSerializer(serializers.Serializer):
    title = TypographicTextField(source="closing_title")
    text = TypographicHtmlField(source="closing_text")
    url = serializers.CharField(source="closing_url")


class GuideSerializer(serializers.Serializer):
    """The texts around the entries: cover, édito, commitments, section introductions,
    closing page and publisher, as the web home page and the printed guide show them."""

    title = TypographicTextField()
    subtitle = TypographicTextField()
    publisher_name = TypographicTextField()
    edition_label = TypographicTextField()
    edito = EditoSerializer(source="*")
    commitments = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()
    closing = ClosingSerializer(source="*")
    publisher_block = TypographicHtmlField()
    printer_imprint = TypographicTextField()
    legal_deposit = TypographicTextField()
    edition_date = serializers.DateField(allow_null=True)
    logo = serializers.IntegerField(
        source="logo_id", allow_null=True, help_text="Image du logo (images/<id>/)."
    )
    cover_image = serializers.IntegerField(
        source="cover_image_id", allow_null=True, help_text="Image de couverture (images/<id>/)."
    )

    @extend_schema_field(CommitmentSerializer(many=True))
    def get_commitments(self, frame):
        return CommitmentSerializer(
            [block.value for block in frame.commitments], many=True, context=self.context
        ).data

    @extend_schema_field(SectionIntroSerializer(many=True))
    def get_sections(self, frame):
        return SectionIntroSerializer(
            self.context["sections"], many=True, context=self.context
        ).data
