"""Which claim a comment is about (SPEC section 5 `about`), on a hand-written article."""

from __future__ import annotations

from claim_articles import DRONES, drones

from reader.analysers.about import ABOUT, AboutLink, describe
from reader.analysers.article_claims import article_seen
from reader.analysers.base import AnalysisContext
from reader.analysers.language import Language
from reader.quotes.claim_index import MAX_LINKS


def text_of(claim_id: str) -> str:
    return drones().by_id[claim_id].text


def links(text: str) -> list[str]:
    return [text_of(link.claim) for link in drones().index.links(text)]


def test_a_paraphrase_links_to_its_claim_first() -> None:
    first = links("Kirby claims Iranian trainers help the Russian pilots. Nonsense.")[0]
    assert first.startswith("National security spokesman John Kirby said")
    assert links("Forty drones shot down over Kyiv? I doubt it.")[0].startswith("According to")


def test_a_comment_about_the_story_in_general_links_to_nothing() -> None:
    assert links("Great article, keep it up.") == []
    assert links("Typical coverage. I'm tired of all of it, honestly.") == []


def test_he_or_she_is_no_alias_but_a_surname_is() -> None:
    index = drones().index
    assert index.aliases["kirby"] == "John Kirby"
    assert "he" not in index.aliases and "she" not in index.aliases


def test_negation_links_to_the_claim_and_says_it_negates_it() -> None:
    found = drones().index.links("Iranian personnel were never on the ground in Crimea")
    assert found and text_of(found[0].claim).startswith("Iranian military personnel")
    assert found[0].negated
    plain = drones().index.links("Iranian personnel were on the ground in Crimea, sure")
    assert plain and not plain[0].negated


def test_links_are_few_best_first_and_scored_in_zero_one() -> None:
    found = drones().index.links(
        "Kirby said trainers help Russian pilots, forty drones were shot down over Kyiv, "
        "and the harvest festival will go ahead in the spring")
    assert 1 <= len(found) <= MAX_LINKS
    assert [link.score for link in found] == sorted((link.score for link in found), reverse=True)
    assert all(0 <= link.score <= 1 for link in found)


def test_the_analyser_skips_comments_in_another_language() -> None:
    seen = ABOUT.sees(AnalysisContext(DRONES))
    texts = ["Forty drones shot down over Kyiv? I doubt it.", "Forty drones shot down over Kyiv"]
    found = ABOUT.analyse(texts, seen, {"language": [Language("en", 0.99), Language("de", 0.9)]},
                          parallel=False)
    assert found[0] and found[1] == ()
    assert ABOUT.analyse(texts, (), {"language": [None, None]}, parallel=False) == [(), ()]


def test_the_analyser_sees_the_whole_article_and_round_trips_its_results() -> None:
    seen = article_seen(AnalysisContext(DRONES))
    assert DRONES.paragraphs[-1] in seen and DRONES.images[0].caption in seen
    result = (AboutLink("c2", 0.5, True, "John Kirby", "Kirby said ..."),)
    assert ABOUT.decode(ABOUT.encode(result)) == result
    assert describe(result[0]) == "Kirby, 'Kirby said ...'"
    bads: tuple[object, ...] = ([["c2", "x", True, None, "t"]], [[1, 0.5, True, None, "t"]], "c2", [[]])
    for bad in bads:
        try:
            ABOUT.decode(bad)
        except ValueError:
            continue
        raise AssertionError(f"decoded {bad!r}")
