"""The "Comment participer ?" finder: one question per page, every answer part of the path.

A resident answers by following links: where (arrondissement, then whether it is a
quartier populaire when that changes the answer), who (one profile, or two where both
matter), what (an action). Each step and each result is an address such as
`19e/quartier-populaire/jeune/je-propose/`, so the static site pre-renders them all and
the finder works on any static host, without JavaScript.

Steps that would not change the answer are collapsed: an arrondissement where the guide
has nothing of its own leads to the Paris-wide questions, and the quartier populaire
question is asked only where some local entry is meant for quartiers populaires.

The rules here are pure functions of the published entries; the page routes
(cms.pages.models) feed them and render the steps.
"""

from dataclasses import dataclass, field

from cms.core.arrondissements import ARRONDISSEMENT_NUMBERS, arrondissement_label
from cms.core.snapshot import memo
from cms.entries.models import ContactKind
from cms.entries.presentation import resolve_contact, serves, shown_contacts
from cms.entries.published import related

# Everyone's audience: an entry tagged with it fits every "who I am" answer.
EVERYONE = "all"
QPV = "qpv"
PARIS = "paris"
QPV_YES = "quartier-populaire"
QPV_NO = "autre-quartier"
EVERYTHING = "tout-voir"

# Readable, stable URL segment of each path of the landing page, by Action code.
ACTION_SLUGS = {
    "propose": "je-propose",
    "vote": "je-vote",
    "engage": "je-m-engage",
    "train": "je-me-forme",
    "help": "je-me-fais-accompagner",
}


def action_slug(action):
    return ACTION_SLUGS.get(action.code, action.code)


@dataclass(frozen=True)
class Profile:
    """Who the resident is: the audiences that fit them, an age range, why it matters."""

    slug: str
    label: str
    audiences: frozenset = frozenset()
    youngest: int | None = None
    oldest: int | None = None
    why: str = ""
    local_why: str = ""


SINGLE_PROFILES = [
    Profile(
        "jeune",
        "Un·e jeune de 15 à 30 ans",
        frozenset({"young", "students"}),
        15,
        30,
        why="Pour les jeunes de 15 à 30 ans, comme vous.",
    ),
    Profile(
        "senior",
        "Un·e senior ou retraité·e",
        frozenset({"seniors"}),
        60,
        None,
        why="Pour les seniors et les retraité·e·s, comme vous.",
    ),
    Profile(
        "parent",
        "Un parent",
        frozenset({"parents", "children"}),
        why="Pour les parents, comme vous.",
    ),
    Profile(
        "association",
        "Une association, un collectif ou un·e bénévole",
        frozenset({"associations", "volunteers"}),
        why="Pour les associations, les collectifs et les bénévoles, comme vous.",
        local_why="Pour les associations et les collectifs",
    ),
    Profile("habitant", "Un·e habitant·e, tout simplement", frozenset()),
]
ASSOCIATION = SINGLE_PROFILES[3]
# Two answers at once where both change the results: a young person, a senior or a
# parent who also acts through an association.
COMBINED_PROFILES = [
    Profile(
        f"{profile.slug}-et-association",
        f"{profile.label.replace('Un·e ', '').replace('Un ', '').capitalize()} et membre d'une association",
        profile.audiences | ASSOCIATION.audiences,
        profile.youngest,
        profile.oldest,
        why=profile.why,
        local_why=ASSOCIATION.local_why,
    )
    for profile in SINGLE_PROFILES[:3]
]
PROFILES = {profile.slug: profile for profile in SINGLE_PROFILES + COMBINED_PROFILES}


@dataclass(frozen=True)
class Place:
    """Where the resident lives or acts; `number` None means "tout Paris"."""

    number: int | None = None
    qpv: bool | None = None

    @property
    def label(self):
        return arrondissement_label(self.number) if self.number else ""

    @property
    def path(self):
        if self.number is None:
            return f"{PARIS}/"
        segment = f"{self.label}/"
        if self.qpv is None:
            return segment
        return f"{segment}{QPV_YES if self.qpv else QPV_NO}/"

    @property
    def description(self):
        if self.number is None:
            return "Tout Paris"
        if self.qpv:
            return f"Un quartier populaire du {self.label}"
        if self.qpv is False:
            return f"Le {self.label}, hors quartier populaire"
        return f"Le {self.label} arrondissement"


@dataclass(frozen=True)
class Answers:
    place: Place
    profile: Profile | None = None
    action: object = None  # an Action, or EVERYTHING

    @property
    def path(self):
        path = self.place.path
        if self.profile:
            path += f"{self.profile.slug}/"
        if self.action == EVERYTHING:
            path += f"{EVERYTHING}/"
        elif self.action is not None:
            path += f"{action_slug(self.action)}/"
        return path


class Facts:
    """What the finder asks of one entry, read once: relation lookups are costly and the
    static site renders more than a thousand finder pages from the same entries."""

    def __init__(self, entry):
        self.entry = entry
        self.kind = entry.kind
        self.slug = entry.slug
        self.citywide = entry.citywide
        self.numbers = set() if entry.citywide else set(entry.arrondissement_numbers())
        self.audiences = {audience.code for audience in related(entry, "audiences")}
        self.actions = {action.code for action in related(entry, "actions")}
        self.contacts = list(related(entry, "contacts"))
        self.funds = list(related(entry, "fph_funds"))
        self.fund_numbers = {fund.arrondissement for fund in self.funds}
        self.min_age = entry.min_age
        self.max_age = entry.max_age

    @classmethod
    def summary(cls, kind, slug, citywide, numbers, audiences, fund_numbers):
        """Only what the site's addresses depend on (`every_answer_path`, the entries' and
        FPH pages), without the entry: the static publisher keeps these between publishes
        rather than reading every entry again."""
        facts = cls.__new__(cls)
        facts.entry = None
        facts.kind, facts.slug, facts.citywide = kind, slug, citywide
        facts.numbers, facts.audiences = set(numbers), set(audiences)
        facts.fund_numbers = set(fund_numbers)
        facts.actions, facts.contacts, facts.funds = set(), [], []
        facts.min_age = facts.max_age = None
        return facts

    def applies_to(self, number):
        return self.citywide or number in self.numbers


def facts(entries):
    """The finder's view of the published entries (pass the result to the other functions)."""
    return [Facts(entry) for entry in entries]


def fund_arrondissements(entries):
    """The arrondissements where some entry lists an FPH fund, in order."""
    return sorted({number for entry in entries for number in entry.fund_numbers})


def _kept(name, entries, *args, compute):
    """compute() once per snapshot for this very list of facts: a publish asks the same
    questions of the same facts on each of the finder's thousand pages, and a pass over
    every entry per page is what made those pages grow with the guide."""
    kept = memo((name, id(entries), *args), lambda: (entries, compute()))
    return kept[1] if kept[0] is entries else compute()


def local_entries(entries, number):
    return _kept(
        "finder-local",
        entries,
        number,
        compute=lambda: [e for e in entries if not e.citywide and e.applies_to(number)],
    )


def asks_qpv(entries, number):
    """Ask about quartiers populaires only where a local entry is meant for them."""
    return _kept(
        "finder-asks-qpv",
        entries,
        number,
        compute=lambda: any(QPV in e.audiences for e in local_entries(entries, number)),
    )


def place_for(entries, number):
    """The first answer's place, or None when the next question is the quartier populaire one."""
    if not local_entries(entries, number):
        return Place()
    if asks_qpv(entries, number):
        return None
    return Place(number)


def places(entries):
    """Every place a resident can reach, in order: Paris, then each arrondissement's variants."""
    result = [Place()]
    for number in ARRONDISSEMENT_NUMBERS:
        if not local_entries(entries, number):
            continue
        if asks_qpv(entries, number):
            result += [Place(number, True), Place(number, False)]
        else:
            result.append(Place(number))
    return result


def parse(entries, actions, segments):
    """The Answers for path segments, or None when the path is not one the finder makes."""
    if not segments:
        return None
    first, rest = segments[0], list(segments[1:])
    if first == PARIS:
        place = Place()
    else:
        number = next((n for n in ARRONDISSEMENT_NUMBERS if arrondissement_label(n) == first), None)
        if number is None:
            return None
        if not local_entries(entries, number):
            return None
        if asks_qpv(entries, number):
            if not rest:
                return Answers(Place(number, None))
            answer = rest.pop(0)
            if answer not in (QPV_YES, QPV_NO):
                return None
            place = Place(number, answer == QPV_YES)
        else:
            place = Place(number)
    if not rest:
        return Answers(place)
    profile = PROFILES.get(rest.pop(0))
    if profile is None:
        return None
    if not rest:
        return Answers(place, profile)
    slug = rest.pop(0)
    if rest:
        return None
    if slug == EVERYTHING:
        return Answers(place, profile, EVERYTHING)
    action = next((a for a in actions if action_slug(a) == slug), None)
    if action is None:
        return None
    return Answers(place, profile, action)


def every_answer_path(entries, actions):
    """Every step and result address under the finder, for the static site."""
    paths = []
    for number in ARRONDISSEMENT_NUMBERS:
        if local_entries(entries, number) and asks_qpv(entries, number):
            paths.append(f"{arrondissement_label(number)}/")
    for place in places(entries):
        paths.append(place.path)
        for profile in PROFILES.values():
            answers = Answers(place, profile)
            paths.append(answers.path)
            paths += [Answers(place, profile, a).path for a in [*actions, EVERYTHING]]
    return paths


# --- results ---


@dataclass
class Result:
    entry: object
    why: str
    contacts: list = field(default_factory=list)
    funds: list = field(default_factory=list)
    mairie: bool = False
    # Everything its card on the results page shows besides the published entry: the card
    # is rendered once for each value (finder_cards in participez_tags). Its contacts,
    # funds and "la mairie du 18e" follow the arrondissement's number: the card names
    # what they show rather than the number.
    card: tuple = ()


@dataclass
class ResultGroup:
    slug: str
    title: str
    results: list


def fits_age(entry, youngest, oldest):
    """True when the entry's age range overlaps the profile's."""
    if entry.min_age is not None and oldest is not None and entry.min_age > oldest:
        return False
    if entry.max_age is not None and youngest is not None and entry.max_age < youngest:
        return False
    return True


def person_codes(answers):
    codes = set(answers.profile.audiences if answers.profile else ())
    if answers.place.qpv:
        codes.add(QPV)
    return codes


def fits(entry, codes, profile):
    """True when the entry is meant for the person: `codes` are person_codes(answers)
    (read once per results page by the caller), `profile` the answers' profile."""
    # Called for every candidate of every results page (250,000 times at 2,000 entries):
    # the age check only for the entries that have an age range.
    audiences = entry.audiences
    if audiences and EVERYONE not in audiences and not audiences & codes:
        return False
    if (
        profile
        and (entry.min_age is not None or entry.max_age is not None)
        and not fits_age(entry, profile.youngest, profile.oldest)
    ):
        return False
    return True


def contacts_for(entry, number):
    """The entry's contacts that serve the place (the rule of cms.entries.presentation),
    and whether one joins it through the mairie; without a place, no XX pattern."""
    if entry.entry is None:
        return _contacts_for(entry, number)
    # A publish asks this for every entry on each of the finder's result pages (about a
    # thousand), and the answer only depends on the entry and the arrondissement.
    return memo(("finder-contacts", entry.entry.pk, number), lambda: _contacts_for(entry, number))


def _contacts_for(entry, number):
    mairie = any(contact.kind == ContactKind.MAIRIE for contact in entry.contacts)
    contacts = [
        resolve_contact(contact, number)
        for contact in entry.contacts
        if contact.kind != ContactKind.MAIRIE
        and serves(contact, number)
        and not (contact.is_pattern and number is None)
    ]
    return contacts, mairie


def _local_why(entry, answers):
    place = answers.place
    codes = entry.audiences
    if QPV in codes and place.qpv:
        return f"Parce que vous habitez un quartier populaire du {place.label}."
    profile = answers.profile
    if profile and profile.local_why and codes & profile.audiences:
        return f"{profile.local_why} du {place.label}, comme la vôtre."
    return f"Parce qu'il existe dans le {place.label}, près de chez vous."


EVERYONE_WHY = "Ouvert à tou·te·s les Parisien·ne·s."


def _citywide_result(entry, pk, contacts, mairie, shown, at):
    """A Paris-wide entry's result in "Dans tout Paris": the same for every profile and
    action at one place."""
    if at:
        why = f"Ouvert à tou·te·s ; adressez-vous à la mairie du {arrondissement_label(at)}."
    else:
        why = EVERYONE_WHY
    return Result(entry.entry, why, contacts, [], mairie, (pk, CITYWIDE, why, shown, (), at))


def _candidates(entries, number, action_code):
    """The entries that serve the place and the action, in the guide's order, each with
    what its card shows there: (facts, pk, contacts, mairie, shown contacts, funds, the
    arrondissement whose mairie it points to, its result in "Dans tout Paris" if it is
    Paris-wide). The same for every profile, so a
    publish prepares them once per place and action instead of once per results page
    (at 2,000 entries, most of the finder's results are Paris-wide ones)."""

    def compute():
        prepared = []
        for entry in entries:
            if action_code is not None and action_code not in entry.actions:
                continue
            if not (entry.citywide or (number and entry.applies_to(number))):
                continue
            contacts, mairie = contacts_for(entry, number)
            # Most cards of a Paris-wide entry read the same in every arrondissement: the
            # card names what it shows of its contacts, not the number.
            shown = shown_contacts(contacts)
            pk = entry.entry.pk
            at = (number or None) if mairie else None
            if entry.citywide:
                funds = []
                shared = _citywide_result(entry, pk, contacts, mairie, shown, at)
            else:
                funds = [f for f in entry.funds if f.arrondissement == number]
                shared = None
            prepared.append((entry, pk, contacts, mairie, shown, funds, at, shared))
        return prepared

    return _kept("finder-candidates", entries, number, action_code, compute=compute)


LOCAL, FOR_YOU, CITYWIDE = "pres-de-chez-vous", "pour-vous", "tout-paris"


def results(entries, answers):
    """Ranked results: local first, then what fits the person, then what is open to all."""
    place = answers.place
    number = place.number
    action = answers.action if answers.action not in (None, EVERYTHING) else None
    local, for_you, citywide = [], [], []
    specific = person_codes(answers)
    profile = answers.profile
    candidates = _candidates(entries, number, action.code if action else None)
    for entry, pk, contacts, mairie, shown, funds, at, shared in candidates:
        if not fits(entry, specific, profile):
            continue
        # `card`: everything the card shows besides the published entry (finder_cards).
        if not entry.citywide:
            why = _local_why(entry, answers)
            card = (pk, LOCAL, why, shown, tuple(f.pk for f in funds), at)
            local.append(Result(entry.entry, why, contacts, funds, mairie, card))
        elif profile and entry.audiences & specific:
            card = (pk, FOR_YOU, profile.why, shown, (), at)
            for_you.append(Result(entry.entry, profile.why, contacts, [], mairie, card))
        else:
            citywide.append(shared)
    groups = []
    if local:
        groups.append(ResultGroup(LOCAL, f"Près de chez vous, dans le {place.label}", local))
    if for_you:
        groups.append(ResultGroup(FOR_YOU, "Pour vous", for_you))
    if citywide:
        groups.append(ResultGroup(CITYWIDE, "Dans tout Paris", citywide))
    return groups


def arrondissement_funds(entries, number):
    """The FPH table's rows for one arrondissement: they name its quartiers populaires."""
    return [fund for entry in entries for fund in entry.funds if fund.arrondissement == number]
