"""One French search for the live site and the static site: its rules live here.

- Words are stemmed with Snowball's French stemmer, then folded (case, accents,
  "Parisien·ne·s"): "voter" and "vote" share "vot", "proposer" and "propose" share "propos".
- A query word matches a document word that starts with its stem ("vot" finds "votations");
  every word of the query must match (French stop words aside); titles weigh more.
- Editors' synonyms (`SearchSynonym`) widen a word: "voter" also finds "budget participatif".
- Editors' promotions (wagtail.contrib.search_promotions) come first.
- A word the guide never uses gets a "Vouliez-vous dire … ?" taken from the guide's own
  vocabulary: the most frequent word at the smallest edit distance (1, or 2 from 6 letters).

The static site is searched by Pagefind (a publish post-step), which stems French with the
same Snowball algorithm; `static_rules()` gives static/js/search.js the same synonyms,
promotions and vocabulary, and `a_to_z()` is the index that needs no JavaScript.
"""

import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.http import JsonResponse
from django.utils.text import Truncator

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

import snowballstemmer

from cms.consultations.models import Consultation
from cms.core.addresses import base_url
from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label
from cms.entries.addresses import guide_url
from cms.entries.models import Action
from cms.entries.presentation import excerpt, fold_accents, plain_text
from cms.entries.published import content_snapshot, in_snapshot, memo
from cms.entries.published import entries as published_entries
from cms.entries.published import frame as guide_frame
from cms.entries.published import sections as published_sections

from .finder import action_slug
from .synonyms import SearchSynonym

TITLE_WEIGHT = 10
STEMMER = snowballstemmer.stemmer("french")
WORD = re.compile(r"[^\W_]+")
# "18ème", "18 e", "18eme" -> "18e"; "1ère", "1re" -> "1er": how the guide writes them.
ORDINAL = re.compile(r"\b(\d{1,2})\s?(?:e|è|eme|ème|er|ère|re)\b")
STOP_WORDS = set(
    "a au aux avec ce ces d dans de des du elle en et il ils je j l la le les leur lui ma mes "
    "moi mon ne nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un "
    "une vos votre vous y comment quoi est faire veux voudrais".split()
)
MIN_SUGGESTED_LENGTH = 4


# --- words ---


def _ordinal(match):
    number = match.group(1)
    return f"{number}er" if number == "1" else f"{number}e"


def words(text):
    """The words of a text, lower case, accents kept (the stemmer needs them)."""
    text = (text or "").lower().replace("·", "").replace("œ", "oe").replace("æ", "ae")
    text = text.replace("’", "'")
    return WORD.findall(ORDINAL.sub(_ordinal, text))


# Pure, and asked for every word of every page (9 s of a 400-entry publish before): the
# guide's vocabulary is a few thousand words, each stemmed once per process.
@lru_cache(maxsize=65536)
def forms(word):
    """What a word is indexed and searched as: its French stem, with and without accents
    ("accessibilité" and a hurried "accessibilite" stem differently)."""
    return frozenset({fold_accents(STEMMER.stemWord(word)), STEMMER.stemWord(fold_accents(word))})


def terms_of(text):
    found = set()
    for word in words(text):
        if word not in STOP_WORDS:
            found |= forms(word)
    return " ".join(sorted(found))


def query_words(query):
    found = words(query)
    return [word for word in found if word not in STOP_WORDS] or found


# --- what is searched ---


def _document(url, title, section, summary, body, kind):
    return {
        "url": url,
        "title": title,
        "section": section,
        "excerpt": summary,
        "kind": kind,
        "title_terms": terms_of(title),
        "text_terms": terms_of(f"{title} {body}"),
        "text": f"{title} {body}",
    }


def _entry_document(entry, section_titles):
    body = " ".join(
        [
            entry.short_name,
            plain_text(entry.summary),
            plain_text(entry.for_whom),
            plain_text(entry.why),
            plain_text(entry.how),
            *(figure.text for figure in entry.key_figures.all()),
            *(f"{c.label} {c.display_value}" for c in entry.contacts.all()),
            *(f"{f.place_label} {f.association}" for f in entry.fph_funds.all()),
        ]
    )
    return _document(
        entry.get_url_path(),
        entry.display_name,
        section_titles.get(entry.kind, ""),
        excerpt(entry),
        body,
        "entry",
    )


def search_documents():
    """Every public page a resident may look for: édito, parts, entries, arrondissements,
    text pages and consultations, in the guide's order."""

    def compute():
        sections = published_sections()
        section_titles = {section.kind: section.title for section in sections}
        documents = []
        frame = guide_frame()
        if frame and frame.edito_text:
            text = plain_text(frame.edito_text)
            documents.append(
                _document(
                    guide_url("edito"),
                    frame.edito_title,
                    "Le guide",
                    Truncator(text).words(30, truncate="…"),
                    f"{text} {frame.edito_author} {frame.edito_role}",
                    "page",
                )
            )
        for section in sections:
            text = plain_text(section.intro)
            documents.append(
                _document(
                    section.get_url_path(),
                    section.title,
                    "Partie du guide",
                    Truncator(text).words(30, truncate="…"),
                    text,
                    "section",
                )
            )
        documents.extend(_entry_document(entry, section_titles) for entry in published_entries())
        for action in Action.objects.all():
            documents.append(
                _document(
                    guide_url("path_page", action_slug(action)),
                    action.label,
                    "Comment participer ?",
                    action.description,
                    action.description,
                    "path",
                )
            )
        for number in ARRONDISSEMENT_NUMBERS:
            label = arrondissement_label(number)
            documents.append(
                _document(
                    guide_url("arrondissement", number),
                    f"Participer dans le {label} arrondissement",
                    "Près de chez vous",
                    f"Conseils de quartier, conseil citoyen, kiosque, fonds et contacts du {label}.",
                    f"Paris {label} {number} arrondissement mairie conseils de quartier "
                    "conseil citoyen kiosque citoyen fonds de participation des habitants",
                    "arrondissement",
                )
            )
        standard_page = apps.get_model("pages", "StandardPage")
        for page in standard_page.objects.live().public().order_by("path"):
            text = plain_text(str(page.body))
            documents.append(
                _document(
                    page.url,
                    page.title,
                    "Informations",
                    Truncator(text).words(30, truncate="…"),
                    text,
                    "page",
                )
            )
        for consultation in Consultation.objects.published():
            text = plain_text(consultation.introduction)
            documents.append(
                _document(
                    consultation.get_url_path(),
                    consultation.title,
                    f"Consultation {consultation.state_label.lower()}",
                    Truncator(text).words(30, truncate="…"),
                    f"consultation avis {text}",
                    "consultation",
                )
            )
        return [document for document in documents if document["url"]]

    return memo("search_documents", compute)


# --- editors' rules ---


def synonyms():
    """{folded word: [expansions]} as the editors set them."""
    return memo(
        "search_synonyms",
        lambda: {
            " ".join(fold_accents(w) for w in words(synonym.term)): synonym.expansion_list()
            for synonym in SearchSynonym.objects.all()
        },
    )


def _site_path(url):
    """A promotion's link on this site, as a path; another site's link as it is."""
    for origin in {base_url(), settings.BASE_URL, settings.STATIC_SITE_URL}:
        origin = (origin or "").rstrip("/")
        if origin and url.startswith(origin + "/"):
            return url[len(origin) :]
    return url


def promotions(query):
    """The editors' promoted results for a query, in their order."""
    folded = " ".join(fold_accents(word) for word in words(query))
    keys = {normalise_query_string(query), folded}
    picks = (
        SearchPromotion.objects.filter(query__query_string__in=keys)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    documents = {document["url"]: document for document in search_documents()}
    found = []
    for pick in picks:
        url = pick.page.url if pick.page_id else _site_path(pick.external_link_url)
        if not url:
            continue
        known = documents.get(url, {})
        found.append(
            {
                "url": url,
                "title": pick.title or known.get("title", url),
                "section": known.get("section", ""),
                "excerpt": pick.description or known.get("excerpt", ""),
            }
        )
    return list({item["url"]: item for item in found}.values())


# --- matching ---


def _starts_a_word(term, terms):
    return f" {term}" in f" {terms}"


def _alternatives(word):
    """Each alternative is a list of words that must all match."""
    alternatives = [[word]]
    for expansion in synonyms().get(fold_accents(word), []):
        alternatives.append(query_words(expansion))
    return alternatives


def _score(alternative, document):
    score = 0
    for word in alternative:
        stems = forms(word)
        if any(_starts_a_word(stem, document["title_terms"]) for stem in stems):
            score += TITLE_WEIGHT
        elif any(_starts_a_word(stem, document["text_terms"]) for stem in stems):
            score += 1
        else:
            return 0
    return score / len(alternative)


def matches(query, documents=None):
    """Documents matching every word of the query, best first."""
    found = query_words(query)
    if not found:
        return []
    documents = search_documents() if documents is None else documents
    per_word = [_alternatives(word) for word in found]
    scored = []
    for position, document in enumerate(documents):
        total = 0
        for alternatives in per_word:
            best = max(_score(alternative, document) for alternative in alternatives)
            if not best:
                break
            total += best
        else:
            scored.append((-total, position, document))
    return [document for *_key, document in sorted(scored, key=lambda item: item[:2])]


# --- "Vouliez-vous dire … ?" ---


def vocabulary():
    """The guide's words, most frequent first: what a typo is corrected to."""

    def compute():
        counts = Counter()
        for document in search_documents():
            counts.update(
                fold_accents(word)
                for word in words(document["text"])
                if len(word) >= MIN_SUGGESTED_LENGTH and not word.isdigit()
            )
        for term in synonyms():
            counts[term] += 1
        return [word for word, _count in counts.most_common()]

    return memo("search_vocabulary", compute)


def _all_terms():
    return memo(
        "search_all_terms",
        lambda: " ".join(
            {*" ".join(d["text_terms"] for d in search_documents()).split(), *synonyms()}
        ),
    )


def edit_distance(first, second, limit):
    """Levenshtein distance, or limit + 1 once it is sure to exceed `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def correct(word, known):
    folded = fold_accents(word)
    if len(folded) < MIN_SUGGESTED_LENGTH or folded.isdigit() or folded in known:
        return None
    limit = 2 if len(folded) >= 6 else 1
    best, best_distance = None, limit + 1
    for candidate in known:
        distance = edit_distance(folded, candidate, limit)
        if distance < best_distance:
            best, best_distance = candidate, distance
            if distance == 1:
                break
    return best


def suggestion(query):
    """The query with its unknown words corrected, or "" when there is nothing to correct."""
    known = vocabulary()
    changed = False
    corrected = []
    for word in words(query):
        if word in STOP_WORDS or any(_starts_a_word(stem, _all_terms()) for stem in forms(word)):
            corrected.append(word)
            continue
        better = correct(word, known)
        changed |= better is not None
        corrected.append(better or word)
    return " ".join(corrected) if changed else ""


@dataclass
class SearchResults:
    query: str
    results: list = field(default_factory=list)
    promoted: list = field(default_factory=list)
    # "Vouliez-vous dire … ?": the corrected query, and whether `results` are its results.
    suggestion: str = ""
    corrected: bool = False

    @property
    def count(self):
        return len(self.promoted) + len(self.results)


def search(query):
    """What the search page shows for a query."""
    outcome = SearchResults(query=query)
    outcome.promoted = promotions(query)
    promoted_urls = {item["url"] for item in outcome.promoted}
    found = matches(query)
    if not found and not outcome.promoted:
        outcome.suggestion = suggestion(query)
        if outcome.suggestion:
            found = matches(outcome.suggestion)
            outcome.corrected = bool(found)
    outcome.results = [document for document in found if document["url"] not in promoted_urls]
    return outcome


# --- what the static site gets ---


def static_rules():
    """The editors' rules and the vocabulary, for static/js/search.js."""
    queries = sorted(set(SearchPromotion.objects.values_list("query__query_string", flat=True)))
    return {
        # Keyed as static/js/site.js normalises a query: folded words.
        "synonyms": synonyms(),
        "promotions": {
            " ".join(fold_accents(word) for word in words(query)): promotions(query)
            for query in queries
        },
        "vocabulary": vocabulary(),
    }


def search_rules_response():
    with nullcontext() if in_snapshot() else content_snapshot():
        rules = static_rules()
    return JsonResponse(rules, json_dumps_params={"ensure_ascii": False})


def a_to_z():
    """[(letter, [item])]: every searchable page and every synonym, by letter.

    An item is {"label", "url", "note"}.
    """
    documents = search_documents()
    by_url = {document["url"]: document for document in documents}
    items = []

    def add(label, document, note):
        items.append(
            {
                "label": label,
                "url": document["url"],
                "note": note,
            }
        )

    for document in documents:
        if document["kind"] != "arrondissement":
            add(_sort_label(document["title"]), document, document["section"])
    for document in documents:
        if document["kind"] == "arrondissement":
            add(document["title"], document, "")
    for synonym in SearchSynonym.objects.all():
        # The editors' promotion for the word, else the first expansion's best page.
        targets = (
            _best_target(wording, by_url, with_matches=wording != synonym.term)
            for wording in [synonym.term, *synonym.expansion_list(), synonym.term]
        )
        target = next((found for found in targets if found), None)
        if target:
            title = target["title"]
            add(
                synonym.term,
                by_url.get(target["url"], target | {"kind": ""}),
                f"voir {title}" if title.startswith("«") else f"voir « {title} »",
            )
    letters = {}
    for item in sorted(items, key=lambda item: fold_accents(item["label"])):
        letter = fold_accents(item["label"])[:1].upper()
        letters.setdefault(letter if letter.isalpha() else "#", []).append(item)
    return list(letters.items())


ARTICLES = re.compile(r"^(?:le |la |les |l'|l’|un |une |« ?)+", re.IGNORECASE)


def _sort_label(title):
    """ "Les Kiosques Citoyens" is listed under K as "Kiosques Citoyens", "« idee.paris »"
    under I as "idee.paris"; "L'application « Dans ma rue »" keeps its guillemets."""
    stripped = ARTICLES.sub("", title)
    if "»" in stripped and "«" not in stripped:
        stripped = stripped.replace("»", "").strip()
    if not stripped or stripped == title:
        return title
    if title.startswith("«"):
        return stripped  # a name as written: "idee.paris"
    return stripped[:1].upper() + stripped[1:]


def _best_target(wording, by_url, with_matches=True):
    found = promotions(wording)
    if not found and with_matches:
        found = matches(wording, list(by_url.values()))
    return found[0] if found else None
