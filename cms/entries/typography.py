"""French typography applied when text is rendered: one function for the web pages, the
PDF and the API, so that every output sets the same text the same way.

Editors keep their text as they typed it: nothing here is saved. Call

- ``typographie(html)`` on HTML (rich text, or text already escaped for HTML): tags and
  attributes are left alone, only the text between them changes; ordinals get a
  ``<sup>``. In templates: ``{% load typography %}{{ value|typographie }}``.
- ``typographie_texte(text)`` on plain text (API fields, PDF metadata): same rules, no
  markup added ("18e" stays "18e", never "18E").

Most of the work is done by `typographeur` (PyPI, MIT): typographic apostrophes, « »
from straight double quotes, the ellipsis, narrow no-break spaces before ; ! ? and
no-break spaces inside « ». It has no rule, or an unsafe one, for what follows, which
is why a few rules of our own complete it:

- the colon: typographeur spaces every colon, including those of "https://" and
  "14:30"; ours only takes the colon that ends a word and is followed by a space;
- ordinals ("18e", "1er", "1re", "2ème" → "2e", "18E" → "18e"), set as superscripts;
- capital accents on the words where a missing one is common ("A partir" → "À partir",
  "Etat" → "État");
- a spaced hyphen used as a dash → an en dash;
- œ/æ ligatures, with typographeur's own word lists compiled into one pattern (its
  word-by-word loop costs ~9 ms per paragraph, too slow for a 2,000-page publish).

Every rule is idempotent: typography applied twice gives the same text.
"""

import html as html_lib
import re
from functools import cache, lru_cache

from typographeur import typographeur
from typographeur.ligatures import ligature_dictionaries

from cms.core.snapshot import in_snapshot, memo

__all__ = ["INCLUSIVE_STYLES", "style_warnings", "typographie", "typographie_texte"]

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? in French

# Tags whose text is never touched: code is code.
SKIPPED_TAGS = ("pre", "code", "kbd", "samp", "script", "style")
TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)

# "Mot :" or "Mot: " → no-break space before a colon that ends a word and is followed by
# a space or the end; "https://", "14:30" and "mailto:x" are left alone.
COLON = re.compile(r"(?:(?<=[\w»)\]’”…])|^)[ \t\u00a0\u202f]*:(?=\s|$)")
# Ordinals. "1er", "1re"/"1ère", "2e"/"2ème"/"2eme"/"2è"/"2E", plurals "18es".
ORDINAL = re.compile(
    r"(?<![\w,.])(\d{1,3})(?:(er|re|ère)|(?:e|è|ème|eme|E|ÈME|EME)(s?))(?![\w\u00b2-\u00b3])"
)
# A spaced hyphen between words is a dash: " - " → " – ".
SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
# "A" alone opening a sentence is the preposition "À" ("A partir de 16 ans").
CAPITAL_A = re.compile(r"(?:^|(?<=[.!?…:][ \u00a0]))A(?= [a-zà-ÿ])")
# Words of the guide's vocabulary often typed without their capital accent.
CAPITAL_E = re.compile(
    r"\bE(?=(?:tat|tats|cole|coles|quipe|quipes|lu|lue|lus|lues|lection|lections|lecteur|"
    r"lecteurs|lectrice|lectrices|tablissement|tablissements|galité|dition|ditions|"
    r"conomie|tudiant|tudiante|tudiants|tudiantes|vénement|vénements|té|crire)\b)"
)


@cache
def _ligature_pattern():
    words = {}
    for letter in ("œ", "æ"):
        for word in ligature_dictionaries["toutesvariantes"][letter]:
            plain = word.replace("œ", "oe").replace("æ", "ae")
            words[plain] = word
            words[plain[:1].upper() + plain[1:]] = word[:1].upper() + word[1:]
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len)[::-1]) + r")\b")
    return pattern, words


def _ligatures(text):
    pattern, words = _ligature_pattern()
    return pattern.sub(lambda match: words[match.group(1)], text)


def _ordinal(match, markup):
    number, first, plural = match.group(1), match.group(2), match.group(3)
    if first:
        # "1ère" is "1re"; "er"/"re" only follow a 1.
        if number != "1":
            return match.group(0)
        suffix = "er" if first == "er" else "re"
    else:
        suffix = "e" + (plural or "")
    if markup:
        return f'{number}<sup class="ordinal">{suffix}</sup>'
    return f"{number}{suffix}"


def _text_rules(text, markup):
    """The rules on one run of text (no tag inside), unescaped."""
    text = typographeur(
        text,
        fix_colon=False,
        fix_nbsp=False,
        fix_title_points=False,
        fix_oe=False,
        fix_ae=False,
    )
    text = COLON.sub(NBSP + ":", text)
    text = SPACED_HYPHEN.sub(" – ", text)
    text = CAPITAL_A.sub("À", text)
    text = CAPITAL_E.sub("É", text)
    text = _ligatures(text)
    if markup:
        text = html_lib.escape(text, quote=False)
    return ORDINAL.sub(lambda match: _ordinal(match, markup), text)


# The rules are a pure function of the text, and the same texts (entry names, excerpts,
# section titles) are set on every list that shows them: a publish sets each one once
# (memo() of the publish's snapshot, dropped with it), a live process keeps the most
# recent ones (a bounded cache, so a worker's memory does not grow with the guide).
LIVE_CACHE_SIZE = 4096


def _once(rule, text):
    if in_snapshot():
        return memo((rule.__name__, text), lambda: rule(text))
    return _live_cache[rule](text)


def typographie(html):
    """French typography on HTML: text between tags only, the markup is kept as is."""
    if not html:
        return html or ""
    return _once(_typographie, str(html))


def typographie_texte(text):
    """French typography on plain text: the same rules, no markup added."""
    if not text:
        return text or ""
    return _once(_typographie_texte, str(text))


def _typographie(html):
    parts = TAG.split(html)
    skipping = 0
    previous_sup = False
    for index, part in enumerate(parts):
        if index % 2:
            lowered = part.lower()
            name = re.match(r"</?\s*([a-z0-9]+)", lowered)
            if name and name.group(1) in SKIPPED_TAGS and not lowered.endswith("/>"):
                skipping += -1 if lowered.startswith("</") else 1
            previous_sup = bool(name) and name.group(1) == "sup" and not lowered.startswith("</")
            continue
        if skipping > 0 or previous_sup or not part:
            # Text already in a <sup> (an ordinal set by hand or by us) stays as it is.
            continue
        parts[index] = _text_rules(html_lib.unescape(part), markup=True)
    return "".join(parts)


def _typographie_texte(text):
    return _text_rules(text, markup=False)


_live_cache = {
    rule: lru_cache(maxsize=LIVE_CACHE_SIZE)(rule) for rule in (_typographie, _typographie_texte)
}


# --- Editorial style check ------------------------------------------------------------

# The three ways of writing inclusive forms found in the guide's sources.
INCLUSIVE_STYLES = {
    "point médian": re.compile(r"\w·\w"),
    "point": re.compile(
        r"\w\.(?:e|es|ne|nes|rice|rices|ice|ices|ère|ères|euse|euses|ve|ves|le|la)(?:\.s|\.x)?\b"
    ),
    "tiret": re.compile(
        r"\w-(?:e|es|ne|nes|te|tes|rice|rices|ice|ices|ère|ères|euse|euses|ve|ves)(?:-s|-x)?\b"
    ),
}
YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-9]\d)\b")


def style_warnings(texts, figures=()):
    """What an editor should look at before publishing, in French; nothing is blocked.

    `texts` are the entry's texts (HTML or plain), `figures` its key figures: a figure
    whose only numbers are years is a date, not a key figure.
    """
    warnings = []
    found = {}
    for text in texts:
        plain = TAG.sub(" ", text or "")
        for style, pattern in INCLUSIVE_STYLES.items():
            match = pattern.search(plain)
            if match:
                start = max(0, plain.rfind(" ", 0, match.start()) + 1)
                end = plain.find(" ", match.end())
                found.setdefault(style, plain[start : end if end > 0 else None].strip(" ,.;:"))
    if len(found) > 1:
        examples = ", ".join(f"« {word} » ({style})" for style, word in found.items())
        warnings.append(
            "Écriture inclusive : plusieurs graphies dans la même entrée "
            f"({examples}). Le guide écrit « Parisien·ne·s » avec un point médian."
        )
    for figure in figures:
        numbers = re.findall(r"\d[\d\u00a0\u202f ]*\d|\d", figure or "")
        if numbers and all(YEAR.fullmatch(number) for number in numbers):
            warnings.append(
                f"Chiffre clé « {figure} » : ses nombres sont des années. Une date se "
                "raconte dans le texte ; un chiffre clé donne une quantité."
            )
    return warnings
