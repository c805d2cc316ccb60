"""Names in an article: who is a person, who an organisation, and each one's fullest form.

Quote attribution needs the canonical name of a speaker (`John Kirby` for `Kirby said`,
`Biden` for `President Biden said`) and a guess at a person's gender so that `she said` can
skip a man. Everything here is plain heuristics over capitalised word runs; no models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

EntityKind = Literal["person", "org", "unknown"]
Gender = Literal["m", "f"]

# A run of capitalised words, allowing a few lower-case name particles between them.
# Each alternative consumes at least one non-space character, so the match is linear.
NAME_RUN = re.compile(
    r"(?<![\w'’])[A-Z][\w'’.&-]*(?:[ \t]+(?:[A-Z][\w'’.&-]*|of|de|van|von|bin|al|da|du|del|la|le)"
    r"(?![\w'’]))*"
)

TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "sen", "senator", "rep", "representative", "gov", "governor", "president", "vice", "vp", "secretary", "minister", "chancellor", "premier", "prime", "leader", "speaker", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "coordinator", "director", "ambassador", "chief", "general", "gen", "lt", "col", "colonel", "maj", "major", "capt", "captain", "adm", "admiral", "sgt", "sergeant", "officer", "judge", "justice", "attorney", "mayor", "king", "queen", "prince", "princess", "pope", "rev", "reverend", "father", "sister", "brother", "commissioner", "deputy", "assistant", "adviser", "advisor", "aide", "candidate", "nominee", "host", "anchor", "correspondent", "editor", "executive", "ceo", "cfo", "coo", "founder", "head", "manager", "analyst", "professor", "economist", "strategist", "pastor", "rabbi", "bishop", "cardinal", "sheikh", "emir", "ayatollah", "congressman", "congresswoman", "councilman", "councilwoman", "councillor", "lawmaker", "whip", "counsel", "spokesperson", "secretary-general", "st"]
)

FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "lady", "dame", "queen", "princess", "sister",
                           "chairwoman", "spokeswoman", "congresswoman", "councilwoman"})
MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother", "chairman",
                         "spokesman", "congressman", "councilman"})

# Quantifiers open a noun phrase (`Hundreds of riders`, `Some restaurants`): never a name.
QUANTIFIERS = frozenset(
    ["hundreds", "thousands", "millions", "billions", "dozens", "scores", "tens", "some", "many", "most", "several", "few", "all", "both", "each", "every", "none", "other", "others", "another", "more", "fewer", "half"]
)

# Words that start a sentence or a clause and are not part of the name after them.
LEADING_WORDS = frozenset(
    [*QUANTIFIERS, "the", "a", "an", "and", "but", "or", "so", "if", "in", "on", "at", "as", "by", "for", "from", "to", "of", "with", "when", "while", "after", "before", "since", "until", "though", "although", "because", "during", "under", "over", "about", "into", "then", "than", "this", "that", "these", "those", "it", "its", "his", "her", "their", "our", "my", "your", "we", "they", "he", "she", "i", "you", "yes", "no", "not", "also", "even", "just", "still", "meanwhile", "however", "asked", "speaking", "earlier", "later", "today", "yesterday", "tomorrow", "last", "next", "former"]
)

ORG_WORDS = frozenset(
    ["house", "ministry", "department", "office", "agency", "committee", "council", "party", "campaign", "government", "administration", "company", "corp", "corporation", "inc", "ltd", "llc", "co", "group", "bank", "times", "post", "news", "journal", "network", "tribune", "herald", "guardian", "telegraph", "mail", "press", "reuters", "bloomberg", "cnn", "fox", "nbc", "abc", "cbs", "msnbc", "bbc", "pentagon", "kremlin", "congress", "senate", "parliament", "court", "university", "institute", "foundation", "association", "union", "commission", "bureau", "service", "services", "police", "army", "navy", "military", "force", "forces", "board", "center", "centre", "fund", "club", "organization", "organisation", "network", "magazine", "review", "daily", "gazette", "channel", "tv", "radio", "times-picture", "federation", "league", "alliance", "coalition", "command", "embassy", "state", "states", "republic", "kingdom", "nations", "energy", "motors", "airlines", "airline", "systems", "technologies", "holdings", "industries", "mills", "foods", "pharmaceuticals", "partners", "capital", "media", "labs", "solutions", "bank", "insurance", "railways", "railway", "oil", "gas", "electric", "steel"]
)

DAYS_AND_MONTHS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)

# A small built-in list of common first names, to tell people from places and to guess gender.
MALE_FIRST = frozenset(
    ["aaron", "adam", "alan", "albert", "alex", "alexander", "andrew", "angus", "anthony", "antony", "arthur", "ben", "benjamin", "bernie", "bill", "billy", "bob", "bobby", "boris", "brad", "brian", "bruce", "carl", "carlos", "charles", "charlie", "chris", "christopher", "chuck", "colin", "craig", "dan", "daniel", "dave", "david", "dennis", "dick", "don", "donald", "doug", "douglas", "duncan", "ed", "eddie", "edward", "emmanuel", "eric", "frank", "fred", "gary", "george", "gordon", "graham", "greg", "gregory", "harry", "henry", "howard", "ian", "jack", "jacob", "james", "jamie", "jason", "jeb", "jeff", "jeffrey", "jeremy", "jerry", "jim", "jimmy", "joe", "joel", "john", "johnny", "jon", "jonathan", "jose", "joseph", "josh", "juan", "justin", "keith", "ken", "kevin", "larry", "lee", "leo", "liam", "lindsey", "luis", "marco", "mark", "martin", "matt", "matthew", "michael", "mike", "mitch", "mohammed", "muhammad", "nathan", "neil", "nicholas", "nick", "nigel", "oliver", "patrick", "paul", "pete", "peter", "phil", "philip", "ralph", "randy", "ray", "reince", "richard", "rick", "rob", "robert", "roger", "ron", "ronald", "roy", "rudy", "rush", "ryan", "sam", "samuel", "scott", "sean", "sergei", "simon", "stephen", "steve", "steven", "stuart", "ted", "terry", "thomas", "tim", "timothy", "todd", "tom", "tony", "vladimir", "volodymyr", "walter", "wayne", "william", "xi", "zach"]
)
FEMALE_FIRST = frozenset(
    ["alice", "alison", "amanda", "amy", "andrea", "angela", "ann", "anna", "anne", "barbara", "betsy", "betty", "carly", "carol", "caroline", "catherine", "charlotte", "chelsea", "christina", "christine", "claire", "diana", "diane", "donna", "dorothy", "elizabeth", "ellen", "emily", "emma", "eva", "grace", "hannah", "heather", "helen", "hillary", "holly", "huma", "ivanka", "jane", "janet", "jennifer", "jessica", "jill", "joan", "joanna", "julia", "julie", "karen", "kate", "katherine", "kathleen", "kathy", "kelly", "kellyanne", "kim", "kimberly", "laura", "lauren", "linda", "lisa", "liz", "louise", "lucy", "margaret", "maria", "marie", "martha", "mary", "megan", "megyn", "melania", "melissa", "michelle", "monica", "nancy", "natalie", "nicola", "nicole", "nikki", "olivia", "pamela", "patricia", "paula", "rachel", "rebecca", "rosie", "ruth", "sally", "samantha", "sandra", "sarah", "sharon", "sophie", "stephanie", "susan", "suzanne", "teresa", "theresa", "tulsi", "ursula", "victoria", "wendy"]
)

# A common noun just before a name says the name is an organisation of that sort:
# `the delivery company Brightwell`, `the riders' union Couriers United`.
ORG_NOUNS = frozenset(
    ["company", "firm", "union", "group", "chain", "retailer", "startup", "charity", "agency", "bank", "party", "newspaper", "paper", "network", "organisation", "organization", "operator", "platform", "app", "brand", "giant", "maker", "carrier", "airline", "publisher", "club", "campaign", "coalition", "committee", "movement", "outlet", "website", "magazine", "lobby", "broadcaster", "insurer", "supermarket", "manufacturer", "developer", "landlord", "council", "ministry", "department", "court", "university", "school", "hospital", "tabloid", "daily"]
)
NOUN_BEFORE = re.compile(r"([A-Za-z]+)[ \t]+$")
# `X, who`, `X, 24,` say X is a person; `X, which` an organisation.
PERSON_AFTER = re.compile(r",[ \t]+(?:who\b|\d{1,3},)")
ORG_AFTER = re.compile(r",[ \t]+which\b")

LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]+(?![\w'’])")

# The one pronoun table: the subject pronouns a clause may report with, and the gender each
# asks of the person it points back to (None: any, or an organisation for `it` and `they`).
SUBJECT_PRONOUNS: dict[str, Gender | None] = {
    "he": "m", "she": "f", "they": None, "it": None, "i": None, "we": None,
}

# Lower-case words that may sit inside a name: `Bank of England`, `Charles de Gaulle`.
NAME_PARTICLES = frozenset({"of", "de", "van", "von", "bin", "al", "da", "du", "del", "la", "le"})

ParsedName = tuple[str, EntityKind, Gender | None]


def _bare(token: str) -> str:
    """A token without trailing punctuation or possessive, lower-cased, for list look-ups."""
    token = token.rstrip(",.;:")
    if token.endswith(("'s", "’s")):
        token = token[:-2]
    return token.rstrip(".").lower()


@dataclass
class Entity:
    """A person or organisation named in the article."""

    name: str
    kind: EntityKind
    gender: Gender | None = None
    first_seen: int = 0
    noun: str | None = None  # the common noun that introduced an organisation: `union`
    seen: int = 0  # how many times the article names it (register passes only)


@dataclass
class NameIndex:
    """The article's names, so short mentions can be turned into their fullest form."""

    entities: dict[str, Entity] = field(default_factory=dict)
    by_last: dict[str, list[str]] = field(default_factory=dict)
    lower_words: set[str] = field(default_factory=set)
    by_title: dict[str, str] = field(default_factory=dict)
    _order: int = 0

    def by_role(self, title: str) -> Entity | None:
        """`Mayor says` or `the mayor said`: the first person named with that title."""
        name = self.by_title.get(title.lower().rstrip("."))
        return self.entities.get(name) if name else None

    def add_text(self, text: str) -> None:
        """Register every capitalised name run in the text (inside quotes too)."""
        self.lower_words.update(LOWER_WORD.findall(text))
        for match in NAME_RUN.finditer(text):
            entity = self.add_mention(match.group(0), register_only=True)
            if entity is not None:
                self.note_context(entity, text, match.start(), match.end())

    def note_context(self, entity: Entity, text: str, start: int, end: int) -> None:
        """Learn a name's kind from the words around it (bounded look-around)."""
        before = NOUN_BEFORE.search(text, max(0, start - 30), start)
        noun = before.group(1).lower() if before else ""
        if noun in ORG_NOUNS and entity.kind != "person":
            entity.kind = "org"
            entity.noun = entity.noun or noun
        elif ORG_AFTER.match(text, end) and entity.kind == "unknown":
            entity.kind = "org"
        elif PERSON_AFTER.match(text, end) and entity.kind == "unknown":
            entity.kind = "person"

    def is_common_word(self, word: str) -> bool:
        """A capitalised word the article also writes in lower case: `Hours`, `Sources`."""
        bare = _bare(word)
        if bare in MALE_FIRST or bare in FEMALE_FIRST or bare in TITLES:
            return False
        if any(len(name.split()) > 1 for name in self.by_last.get(bare, ())):
            return False  # `Husted said` after `Jon Husted`
        if bare.endswith(("ing", "ed")) and len(bare) > 5:
            # `Acknowledging that ...`, `Preceded by ...`; but `Ebeling said` twice is a name.
            entity = self.entities.get(word.rstrip(",.;:"))
            return entity is None or entity.seen < 2
        return bare in self.lower_words or bare in LEADING_WORDS

    def add_mention(self, run: str, *, register_only: bool = False) -> Entity | None:
        """Turn a capitalised run into an entity, registering it; None if it is no name."""
        parsed = parse_name(run)
        if parsed is None:
            return None
        name, kind, gender = parsed
        entity = self.entities.get(name)
        if entity is None:
            self._order += 1
            entity = Entity(name, kind, gender, self._order)
            self.entities[name] = entity
            last = name.split()[-1].lower()
            self.by_last.setdefault(last, []).append(name)
        else:
            if entity.kind == "unknown" and kind != "unknown":
                entity.kind = kind
            if entity.gender is None and gender is not None:
                entity.gender = gender
        if kind != "org":
            for word in run.split()[:-1]:
                title = _bare(word)
                if title in TITLES and title not in self.by_title:
                    self.by_title[title] = self.canonical(entity).name
        if register_only:
            entity.seen += 1
            return entity
        return self.canonical(entity)

    def canonical(self, entity: Entity) -> Entity:
        """The fullest registered form of a name: `Kirby` -> `John Kirby`."""
        if entity.kind == "org":
            return entity
        tokens = entity.name.split()
        candidates = self.by_last.get(tokens[-1].lower(), [])
        best = entity
        for other_name in candidates:
            other = self.entities[other_name]
            if other.kind == "org" or other is entity:
                continue
            other_tokens = other_name.split()
            if len(other_tokens) <= len(tokens):
                continue
            if len(tokens) > 1 and other_tokens[0] != tokens[0]:
                continue
            if best is entity or other.first_seen < best.first_seen:
                best = other
        if best is not entity:
            if best.gender is None:
                best.gender = entity.gender
            if best.kind == "unknown":
                best.kind = "person" if entity.kind == "unknown" else entity.kind
        return best


def parse_name(run: str) -> ParsedName | None:
    """Strip leading words and titles from a capitalised run; say what kind of name it is."""
    tokens = _name_tokens(run)
    if not tokens:
        return None
    bare = [_bare(t) for t in tokens]
    tokens, bare, gender, titled = _after_title(tokens, bare)
    if any(word in ORG_WORDS for word in bare) and not titled:
        return " ".join(tokens), "org", None
    if all(word in DAYS_AND_MONTHS or word in TITLES for word in bare):
        return None
    person = _from_first_name(tokens, bare, gender)
    if person is not None:
        return person
    if "of" in tokens[1:]:
        tokens = tokens[:tokens.index("of")]  # `Ralen Osk of Dunmore`: a person and a place
    if len(tokens) > 3:
        tokens = tokens[-2:]
    kind: EntityKind = "person" if titled else "unknown"
    return " ".join(tokens), kind, gender


def _name_tokens(run: str) -> list[str]:
    """The run's words without what cannot be part of a name: shouted words, trailing
    particles, leading words (`The`, `Hundreds`), a possessive owner (`Commentary’s`)."""
    # All-capital words longer than an acronym are datelines or shouting, not names.
    tokens = [t for t in run.split() if not (len(t) > 4 and t.isupper())]
    while tokens and tokens[-1].lower() in NAME_PARTICLES:
        tokens.pop()
    while tokens and _bare(tokens[0]) in LEADING_WORDS:
        tokens.pop(0)
    if not tokens:
        return []
    last = tokens[-1].rstrip(",.;:")
    if last.endswith(("'s", "’s")):
        last = last[:-2]
    tokens[-1] = last
    tokens = [t for t in tokens if t]
    # `Commentary’s Noah Rothman` -> `Noah Rothman`.
    for i in range(len(tokens) - 2, -1, -1):
        if tokens[i].endswith(("'s", "’s", "s'", "s’")):
            return tokens[i + 1:]
    return tokens


def _after_title(tokens: list[str], bare: list[str]
                 ) -> tuple[list[str], list[str], Gender | None, bool]:
    """Cut at the last title word (`House Minority Leader Kevin McCarthy` -> `Kevin
    McCarthy`); the title may give the gender. Says whether there was a title."""
    cut = -1
    for i, word in enumerate(bare[:-1]):
        if word in TITLES:
            cut = i
    if cut < 0:
        return tokens, bare, None, False
    title = bare[cut]
    gender: Gender | None = None
    if title in FEMALE_TITLES:
        gender = "f"
    elif title in MALE_TITLES:
        gender = "m"
    return tokens[cut + 1:], bare[cut + 1:], gender, True


def _from_first_name(tokens: list[str], bare: list[str],
                     gender: Gender | None) -> ParsedName | None:
    """A known first name starts the person's name: `Strategic Communications John Kirby`."""
    for i, word in enumerate(bare):
        is_first = word in MALE_FIRST or word in FEMALE_FIRST
        if is_first and (i < len(bare) - 1 or len(bare) == 1):
            if gender is None:
                gender = "m" if word in MALE_FIRST else "f"
            tokens = tokens[i:]
            if "of" in tokens:  # `John McCain of Arizona`
                tokens = tokens[:tokens.index("of")]
            return " ".join(tokens), "person", gender
    return None
