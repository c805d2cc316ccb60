"""The names met so far while reading an article, for `he`, `it` and `the company` to point back to.

The article is read one segment at a time (headline, paragraphs, captions), each with a
higher segment number than the one before, so the log only ever needs its newest segment
put in order: sorting the whole log again for each paragraph made reading a long article
quadratic in its paragraph count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reader.quotes.lexicon import ORG_NOUN_HINT, PERSON_SOURCES, SAME_NOUN
from reader.quotes.names import SUBJECT_PRONOUNS, Entity

Order = tuple[int, int]  # (segment, offset in it): where in the article something is

PRONOUN_LOOKBACK = 60  # how many earlier mentions a pronoun may point back over
GENERIC_LOOKBACK = 80  # and `the company`


@dataclass
class Mention:
    """A name met while reading."""

    order: Order
    entity: Entity
    speaker: bool
    subject: bool = False  # the name opens a sentence: a person who may speak next


class Mentions:
    """The mentions in reading order; `add` then `settle` the newest segment's."""

    def __init__(self) -> None:
        self._log: list[Mention] = []

    def __len__(self) -> int:
        return len(self._log)

    def add(self, order: Order, entity: Entity, speaker: bool, subject: bool = False) -> None:
        self._log.append(Mention(order, entity, speaker, subject))

    def settle(self, since: int) -> None:
        """Put the mentions added since `since` (a length of the log) in order.

        Everything before `since` is in order already and, as segments are read in order,
        before them; a stable sort of the tail alone then gives the same log as sorting it
        all. Should a segment ever be read out of order, the whole log is sorted.
        """
        tail = self._log[since:]
        tail.sort(key=_order_of)
        self._log[since:] = tail
        if 0 < since < len(self._log) and self._log[since - 1].order > self._log[since].order:
            self._log.sort(key=_order_of)

    def recent(self, count: int) -> list[Mention]:
        return self._log[-count:]

    def _before(self, order: Order, limit: int) -> Iterator[Mention]:
        """Up to `limit` mentions before `order`, the nearest first."""
        seen = 0
        for mention in reversed(self._log):
            if mention.order >= order:
                continue
            seen += 1
            if seen > limit:
                return
            yield mention

    def resolve_pronoun(self, pronoun: str, order: Order) -> Entity | None:
        """The person (`he`, `she`) or organisation (`it`, `they`) a pronoun points back to.
        `he` and `she` also settle the gender of a person whose gender was unknown."""
        if pronoun in {"i", "we"}:
            return None
        gender = SUBJECT_PRONOUNS.get(pronoun)
        for mention in self._before(order, PRONOUN_LOOKBACK):
            entity = mention.entity
            if pronoun in {"he", "she"}:
                if entity.kind == "org":
                    continue
                if entity.kind == "unknown" and not (mention.speaker or mention.subject):
                    continue
                if entity.gender is not None and entity.gender != gender:
                    continue
                if entity.gender is None and gender is not None:
                    entity.gender = gender
                return entity
            if pronoun in {"it", "they"} and entity.kind == "org":
                return entity
        return None

    def resolve_generic(self, noun: str, order: Order) -> Entity | None:
        """The organisation `the company`, `the ministry` or `the paper` points back to."""
        if noun in PERSON_SOURCES:
            return None
        hints = ORG_NOUN_HINT.get(noun)
        for mention in self._before(order, GENERIC_LOOKBACK):
            entity = mention.entity
            if entity.kind != "org":
                continue
            if entity.noun is not None:
                if entity.noun == noun or entity.noun in SAME_NOUN.get(noun, ()):
                    return entity
                continue  # `the union` is not the company named just before
            if hints and not any(h in entity.name.lower() for h in hints):
                continue
            return entity
        return None


def _order_of(mention: Mention) -> Order:
    return mention.order
