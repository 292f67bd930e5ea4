"""Search across the published entries and the édito, the same way on both sites.

The live site runs `search()` on the server; the static site ships `search_documents()` as
a JSON index and static/js/search.js applies the same rules in the browser: accent- and
case-insensitive, every word of the query must start a word of the document, titles
weigh more than body text.
"""

import re

from django.http import JsonResponse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from cms.entries.addresses import guide_url
from cms.entries.presentation import excerpt, fold_accents
from cms.entries.published import entries as published_entries
from cms.entries.published import frame as guide_frame
from cms.entries.published import sections as published_sections

TITLE_WEIGHT = 10
NON_WORD = re.compile(r"[^a-z0-9]+")


def search_index_response():
    """The documents static/js/search.js and finder.js search in the browser."""
    sections = [
        {"kind": section.kind, "slug": section.slug, "title": section.title}
        for section in published_sections()
    ]
    return JsonResponse(
        {"sections": sections, "documents": search_documents()},
        json_dumps_params={"ensure_ascii": False},
    )


def normalise(text):
    """Lowercase ASCII words; "Parisien·ne·s" becomes "parisiennes" so both spellings match."""
    text = (text or "").replace("·", "").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return NON_WORD.sub(" ", fold_accents(text)).strip()


def plain(html):
    return " ".join(strip_tags(html or "").split())


def entry_document(entry, section_titles):
    body = " ".join(
        [
            plain(entry.summary),
            plain(entry.for_whom),
            plain(entry.why),
            plain(entry.how),
            *(figure.text for figure in entry.key_figures.all()),
            *(f"{c.label} {c.display_value}" for c in entry.contacts.all()),
            *(f"{f.place_label} {f.association}" for f in entry.fph_funds.all()),
        ]
    )
    return {
        "url": entry.get_url_path(),
        "title": entry.display_name,
        "section": section_titles.get(entry.kind, ""),
        "excerpt": excerpt(entry),
        "title_words": normalise(f"{entry.title} {entry.short_name}"),
        "text": normalise(body),
        # What the finder filters on (static/js/finder.js).
        "kind": entry.kind,
        "audiences": [a.code for a in entry.audiences.all()],
        "actions": [a.code for a in entry.actions.all()],
        "arrondissements": [] if entry.citywide else entry.arrondissement_numbers(),
        "citywide": entry.citywide,
        "min_age": entry.min_age,
        "max_age": entry.max_age,
    }


def search_documents():
    """Every searchable page of the guide, in the guide's order, the édito first."""
    section_titles = {section.kind: section.title for section in published_sections()}
    documents = []
    frame = guide_frame()
    if frame and frame.edito_text:
        documents.append(
            {
                "url": guide_url("edito"),
                "title": frame.edito_title,
                "section": "Le guide",
                "excerpt": Truncator(plain(frame.edito_text)).words(30, truncate="…"),
                "title_words": normalise(frame.edito_title),
                "text": normalise(
                    f"{plain(frame.edito_text)} {frame.edito_author} {frame.edito_role}"
                ),
            }
        )
    documents.extend(entry_document(entry, section_titles) for entry in published_entries())
    return documents


def _starts_a_word(term, words):
    return f" {term}" in f" {words}"


def search(query, documents=None):
    terms = normalise(query).split()
    if not terms:
        return []
    documents = search_documents() if documents is None else documents
    scored = []
    for position, document in enumerate(documents):
        score = 0
        for term in terms:
            in_title = _starts_a_word(term, document["title_words"])
            in_text = _starts_a_word(term, document["text"])
            if not (in_title or in_text):
                break
            score += TITLE_WEIGHT if in_title else 1
        else:
            scored.append((-score, position, document))
    return [document for *_key, document in sorted(scored, key=lambda item: item[:2])]
