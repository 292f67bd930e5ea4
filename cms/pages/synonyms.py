"""The words residents type and the guide does not use, edited by the editors.

A synonym sends a word ("voter") to the words of the guide that answer it ("vote",
"budget participatif"); the search of the live site, the static site's search and its
A–Z index all read them through `cms.pages.search`. Promoted results ("signaler" → Dans
ma rue) are Wagtail's own search promotions (wagtail.contrib.search_promotions).
"""

from django.db import models

# What `load_guide` ships; editors change them in the admin (Extraits > Synonymes).
DEFAULT_SYNONYMS = {
    "voter": "vote, budget participatif, votation",
    "vote": "budget participatif, votation",
    "signaler": "Dans ma rue, signalement",
    "signalement": "Dans ma rue",
    "charte": "consultation charte, charte parisienne de la participation",
    "proposer": "proposition, idée, projet",
    "idée": "proposition, projet, idee.paris",
    "pétition": "Paris Pétition",
    "association": "associations, Maisons de la vie associative et citoyenne",
    "jeune": "jeunesse, Conseil Parisien de la Jeunesse",
    "senior": "seniors, retraités, CODERPA",
    "quartier": "Conseils de quartier",
    "bénévole": "jemengage.paris, engager",
    "subvention": "Fonds de Participation des Habitants, financement",
    "avis": "Je vote et donne mon avis, consultation",
}

# Query → entry slug, created by load_guide (cms.pages.loading) when the query has no
# promotion yet: an editor's own choices are kept.
DEFAULT_PROMOTIONS = {
    "signaler": "dans-ma-rue",
    "voter": "budget-participatif",
    "vote": "budget-participatif",
}


class SearchSynonym(models.Model):
    term = models.CharField(
        "mot cherché",
        max_length=80,
        unique=True,
        help_text="Le mot tel qu'un·e habitant·e le tape, par exemple « voter ». "
        "Majuscules et accents ne comptent pas.",
    )
    expansions = models.CharField(
        "mots du guide",
        max_length=400,
        help_text="Les mots ou expressions du guide qui répondent à ce mot, séparés par des "
        "virgules, par exemple « vote, budget participatif ». Ils sont aussi proposés dans "
        "l'index de A à Z.",
    )

    class Meta:
        ordering = ["term"]
        verbose_name = "synonyme de recherche"
        verbose_name_plural = "synonymes de recherche"

    def __str__(self):
        return f"{self.term} → {self.expansions}"

    def expansion_list(self):
        return [part.strip() for part in self.expansions.split(",") if part.strip()]
