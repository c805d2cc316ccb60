"""Quote finding and speaker attribution (SPEC sections 2 and 3), on sentences written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import Article, Image, Quote
from reader.quotes.attribution import attribute_quotes

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "iran-crimea-drones.txt"
needs_sample = pytest.mark.skipif(
    not SAMPLE.is_file(), reason=f"the shared reference sample is not here: {SAMPLE}")


def body(*paragraphs: str, headline: str = "A headline", captions: tuple[str, ...] = ()) -> Article:
    images = tuple(Image(f"https://example.org/{i}.jpg", c, 0) for i, c in enumerate(captions))
    return Article(headline=headline, paragraphs=paragraphs, images=images)


def quotes_of(*paragraphs: str, **kwargs: object) -> list[Quote]:
    return attribute_quotes(body(*paragraphs, **kwargs))  # type: ignore[arg-type]


def texts(quotes: list[Quote]) -> list[str]:
    return [q.text for q in quotes]


def check_offsets(article: Article, quotes: list[Quote]) -> None:
    for q in quotes:
        if q.where == "headline":
            source = article.headline
        elif q.where == "body":
            source = article.paragraphs[q.index]
        else:
            source = article.images[q.index].caption
        assert source[q.start:q.end] == q.text


# -- marks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ('"We will rebuild the bridge," Mayor Ann Holt said.', "We will rebuild the bridge,"),
        ("'We will rebuild the bridge,' Mayor Ann Holt said.", "We will rebuild the bridge,"),
        ("‘We will rebuild the bridge,’ Mayor Ann Holt said.", "We will rebuild the bridge,"),
        ("“We will rebuild the bridge,” Mayor Ann Holt said.", "We will rebuild the bridge,"),
        ("«We will rebuild the bridge», Mayor Ann Holt said.", "We will rebuild the bridge"),
        ("„We will rebuild the bridge“, Mayor Ann Holt said.", "We will rebuild the bridge"),
        ("''We will rebuild the bridge,'' Mayor Ann Holt said.", "We will rebuild the bridge,"),
    ],
)
def test_every_kind_of_mark_opens_and_closes(paragraph: str, expected: str) -> None:
    article = body(paragraph)
    quotes = attribute_quotes(article)
    assert texts(quotes) == [expected]
    assert quotes[0].speaker == "Ann Holt"
    assert quotes[0].kind == "direct"
    check_offsets(article, quotes)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("'The council's plan isn't ready,' Ann Holt said.", "The council's plan isn't ready,"),
        ("‘The council’s plan isn’t ready,’ Ann Holt said.", "The council’s plan isn’t ready,"),
        ("'It comes out of the drivers' own pay.' Ann Holt said so.",
         "It comes out of the drivers' own pay."),
        ("'We grew up in the '90s on rock 'n' roll,' Ann Holt said.",
         "We grew up in the '90s on rock 'n' roll,"),
        ("'The drivers' union and the bosses' lawyers agree,' Ann Holt said.",
         "The drivers' union and the bosses' lawyers agree,"),
    ],
)
def test_apostrophes_never_open_or_close(paragraph: str, expected: str) -> None:
    assert texts(quotes_of(paragraph)) == [expected]


def test_apostrophes_outside_quotes_make_no_quote() -> None:
    paragraph = ("Russia's drones aren't new; it’s the drivers' pay and the '90s rock 'n' roll "
                 "that They're and Putin's aides discuss.")
    assert quotes_of(paragraph) == []


def test_possessive_s_closes_a_scare_quote_when_another_quote_opens_after() -> None:
    quotes = quotes_of("He called the 'killer drones' ugly and the 'tanks' slow.")
    assert texts(quotes) == ["killer drones", "tanks"]


# -- multi-paragraph, unbalanced, size -----------------------------------------------------


def test_quote_over_several_paragraphs_is_one_quote_per_paragraph() -> None:
    article = body(
        "“We will rebuild. The bridge comes first.",
        "“Then the school, and then the library.",
        "“Nobody will be left behind,” Mayor Ann Holt said.",
        "The council meets on Monday.",
    )
    quotes = attribute_quotes(article)
    assert [(q.index, q.speaker, q.kind) for q in quotes] == [
        (0, "Ann Holt", "direct"), (1, "Ann Holt", "direct"), (2, "Ann Holt", "direct")]
    assert quotes[0].text == "We will rebuild. The bridge comes first."
    check_offsets(article, quotes)


def test_unclosed_mark_does_not_swallow_the_article() -> None:
    article = body(
        "The mayor said \"we will see and then left the room.",
        "'Nothing is decided,' Ann Holt said.",
        "The council meets on Monday.",
    )
    quotes = attribute_quotes(article)
    assert [(q.index, q.text) for q in quotes] == [(1, "Nothing is decided,")]


def test_a_flood_of_marks_stays_linear_and_bounded() -> None:
    paragraph = ("'a " * 50_000) + ('"' * 50_000) + (" it's" * 50_000)
    quotes = quotes_of(paragraph)
    assert all(q.end - q.start < len(paragraph) for q in quotes)


def test_one_megabyte_paragraph_completes() -> None:
    chunk = "'We are ready,' Ann Holt said. Russia's 'killer' drones aren't new. "
    paragraph = chunk * (1_000_000 // len(chunk) + 1)
    quotes = quotes_of(paragraph)
    assert len(quotes) == 2 * (1_000_000 // len(chunk) + 1)
    assert quotes[0].speaker == "Ann Holt"


# -- kinds and speakers ----------------------------------------------------------------------


def test_direct_versus_partial() -> None:
    quotes = quotes_of(
        "The White House said Wednesday that Iran had 'assisted' Russia in Crimea.",
        "'We can confirm it,' John Kirby said.",
        "He said: 'The drones came from Iran.'",
    )
    assert [(q.text, q.kind, q.speaker) for q in quotes] == [
        ("assisted", "partial", "White House"),
        ("We can confirm it,", "direct", "John Kirby"),
        ("The drones came from Iran.", "direct", "John Kirby"),
    ]


def test_fullest_form_and_titles_stripped() -> None:
    quotes = quotes_of(
        "Harbour master Peter Quill said the storm would pass.",
        "'The boats are safe,' Quill said.",
        "'We will reopen on Friday,' he added.",
        "'It was a long night,' said President Moreno.",
    )
    assert [q.speaker for q in quotes] == ["Peter Quill", "Peter Quill", "Moreno"]


def test_role_before_name_is_stripped() -> None:
    quotes = quotes_of(
        "White House national security spokesman John Kirby said the drones were 'Iranian'.",
        "'We are watching closely,' Kirby said.",
    )
    assert [q.speaker for q in quotes] == ["John Kirby", "John Kirby"]


def test_she_skips_a_male_speaker_named_since() -> None:
    quotes = quotes_of(
        "'The vote is close,' said Maria Lopez, the party's chair.",
        "'We expect a recount,' said Tom Becker, her deputy.",
        "'But we will not concede,' she said.",
        "'Nor will I,' he said.",
    )
    assert [q.speaker for q in quotes] == ["Maria Lopez", "Tom Becker", "Maria Lopez",
                                          "Tom Becker"]


def test_gender_from_title_and_earlier_pronoun() -> None:
    quotes = quotes_of(
        "'Prices will fall,' Mrs. Okafor said.",
        "'They will not,' Dunmore said, and he repeated it twice.",
        "'Wait and see,' she said.",
    )
    assert [q.speaker for q in quotes] == ["Okafor", "Dunmore", "Okafor"]


def test_company_spokesman_gives_the_company() -> None:
    quotes = quotes_of(
        "Shares in Brightwater Energy fell on Tuesday.",
        "'We are reviewing the report,' a company spokesman said.",
        "'No jobs are at risk,' said a spokeswoman for Harlow Mills.",
        "Officials at the White House said the plan was 'under review'.",
    )
    assert [q.speaker for q in quotes] == ["Brightwater Energy", "Harlow Mills", "White House"]


def test_according_to_and_told() -> None:
    quotes = quotes_of(
        "'The bridge is unsafe,' engineer Dana Whitfield told reporters on Monday.",
        "The repairs will take 'at least a year', according to Whitfield.",
    )
    assert [(q.speaker, q.kind) for q in quotes] == [("Dana Whitfield", "direct"),
                                                     ("Dana Whitfield", "partial")]


def test_scare_quotes_have_no_speaker() -> None:
    quotes = quotes_of("A 'killer' drone was seen over the harbour at dawn.")
    assert [(q.text, q.speaker, q.kind) for q in quotes] == [("killer", None, "partial")]


def test_headline_and_captions_with_sort_order() -> None:
    article = body(
        "'We are ready,' Mayor Ann Holt said.",
        headline="Mayor says the city is 'ready' for the storm",
        captions=("A 'monster' wave hits the pier",
                  "The city is 'ready', Mayor Ann Holt said on Monday"),
    )
    quotes = attribute_quotes(article)
    assert [(q.where, q.index, q.text, q.speaker) for q in quotes] == [
        ("headline", 0, "ready", "Ann Holt"),
        ("body", 0, "We are ready,", "Ann Holt"),
        ("caption", 0, "monster", None),
        ("caption", 1, "ready", "Ann Holt"),
    ]
    check_offsets(article, quotes)


# -- the reference page ----------------------------------------------------------------------


@needs_sample
def test_reference_page_quotes() -> None:
    from reader.formats import load_article

    article = load_article(SAMPLE)
    quotes = attribute_quotes(article)
    check_offsets(article, quotes)
    found = [(q.index, q.speaker, q.kind) for q in quotes if q.where == "body"]
    kirby, biden = "John Kirby", "Biden"
    assert found == [
        (0, "White House", "partial"),
        (2, kirby, "direct"), (3, kirby, "direct"), (4, kirby, "direct"), (4, kirby, "direct"),
        (6, kirby, "direct"),
        (13, biden, "direct"), (16, biden, "direct"), (17, biden, "direct"),
    ]
    assert next(q for q in quotes if q.where == "body").text == "assisted"
    headline = [(q.text, q.speaker, q.kind) for q in quotes if q.where == "headline"]
    assert headline == [("on the ground", "White House", "partial")]
    captions = [(q.index, q.text, q.speaker) for q in quotes if q.where == "caption"]
    assert captions == [
        (0, "on the ground in Crimea assisted", kirby),
        (3, "killer", None),
        (4, "intimidate", biden),
    ]
    # The apostrophes outside quotes (aren't, Kirby's, Putin's) opened nothing: the nine body
    # quotes above are all there is; those inside quotes stayed inside.
    inside = " ".join(q.text for q in quotes)
    assert "Russia's military" in inside and "it’s the Russians" in inside
    assert "They're not going to do that" in inside


def test_title_case_headline_finds_the_named_speaker() -> None:
    article = body(
        "Dana Whitfield, the county engineer, spoke on Monday.",
        headline="Engineer Whitfield Slams Council Over 'Reckless' Bridge Delay",
    )
    quotes = attribute_quotes(article)
    assert [(q.where, q.text, q.speaker) for q in quotes] == [
        ("headline", "Reckless", "Dana Whitfield")]


# -- the bundled sample and the rules it exercises ---------------------------------------------


def test_bundled_sample_speakers() -> None:
    from reader.formats import load_article, sample_path

    article = load_article(sample_path())
    quotes = attribute_quotes(article)
    check_offsets(article, quotes)
    whitlock, bell, haddad, nowak = "Dana Whitlock", "Marcus Bell", "Amira Haddad", "Tomasz Nowak"
    lindqvist, brightwell, union = "Peter Lindqvist", "Brightwell", "Couriers United"
    assert [(q.where, q.index, q.speaker) for q in quotes] == [
        ("headline", 0, None),
        ("body", 0, None),
        ("body", 2, whitlock), ("body", 3, whitlock),
        ("body", 5, bell), ("body", 5, bell),
        ("body", 6, brightwell),
        ("body", 7, whitlock), ("body", 7, whitlock),
        ("body", 9, haddad), ("body", 10, haddad),
        ("body", 11, union),
        ("body", 12, brightwell), ("body", 12, brightwell),
        ("body", 14, lindqvist), ("body", 14, lindqvist),
        ("body", 15, None),
        ("body", 16, nowak),
        ("body", 17, brightwell),
        ("caption", 0, whitlock),
    ]


def test_headline_without_reporting_verb_has_no_speaker() -> None:
    quotes = quotes_of("Shares in Harlow Mills fell.",
                       headline="Couriers walk out over Harlow Mills' 'secret' pay formula")
    assert [(q.where, q.speaker) for q in quotes] == [("headline", None)]


@pytest.mark.parametrize("quantifier", ["Hundreds", "Some", "Many", "Thousands", "Dozens"])
def test_quantifiers_are_never_speakers(quantifier: str) -> None:
    quotes = quotes_of(f"{quantifier} of riders stopped work over a 'secret' formula.",
                       f"{quantifier} restaurants sent out their own ‘emergency’ drivers.")
    assert [q.speaker for q in quotes] == [None, None]


def test_name_then_appositive_then_said_after_the_quote() -> None:
    quotes = quotes_of(
        '"Pay has gone up," Marcus Bell, the company\'s head of operations, said in an '
        'interview on Saturday. "We publish the factors."')
    assert [q.speaker for q in quotes] == ["Marcus Bell", "Marcus Bell"]


def test_the_company_and_a_company_spokesman_give_the_company() -> None:
    quotes = quotes_of(
        "Riders work for the delivery company Brightwell and belong to the riders' union "
        "Couriers United.",
        'He said the system, which the company calls "dynamic pricing", was fair.',
        "The union says the formula is unfair, calling it 'a raid on pay'.",
        "'Our door is open,' a company spokesman said.",
        'The company said it was "confident" of a deal.',
    )
    assert [q.speaker for q in quotes] == ["Brightwell", "Couriers United", "Brightwell",
                                          "Brightwell"]


def test_pronoun_goes_to_a_person_introduced_as_a_clause_subject() -> None:
    quotes = quotes_of(
        "'We are ready,' said Dana Whitlock, the branch secretary.",
        "Amira Haddad, 24, who delivers on a bike, described what the change meant.",
        '"I did eleven drops and took home less.',
        '"I\'m asking to see the sum," she said.',
        "Tomasz Nowak, who runs a pizzeria, said he had lost a third of his takings.",
        "‘The customers pay for all this,’ he said.",
    )
    assert [q.speaker for q in quotes] == ["Dana Whitlock", "Amira Haddad", "Amira Haddad",
                                          "Tomasz Nowak"]


def test_reporting_clause_after_a_question_or_exclamation() -> None:
    quotes = quotes_of("“Have we started writing the plan?” Holt replied. “The answer is yes.”",
                       "“Are you ready? Are you with us?” Ann Berry, a retired nurse from "
                       "Leeds, said quietly.")
    assert [q.speaker for q in quotes] == ["Holt", "Holt", "Ann Berry"]


def test_name_then_description_with_capitals_then_said() -> None:
    quotes = quotes_of("''They were rivals, but also friends,'' William M. Daley, President "
                       "Obama's former chief of staff, said of their time.")
    assert [q.speaker for q in quotes] == ["William M. Daley"]


def test_said_then_lower_case_role_then_name() -> None:
    quotes = quotes_of("“Thanks for welcoming us,” said master of ceremonies Asab Tabchi, a "
                       "local engineer.")
    assert [q.speaker for q in quotes] == ["Asab Tabchi"]


def test_surname_ending_like_a_participle_is_still_a_name() -> None:
    quotes = quotes_of("Secretary of State Jon Husted applauded the ruling.",
                       "“Ohio offers many ways to vote,” Husted said.")
    assert [q.speaker for q in quotes] == ["Jon Husted"]


def test_statement_introduced_by_a_comma_and_no_reporting_verb() -> None:
    quotes = quotes_of("Donald Trump spoke in Ohio on Monday.",
                       "Immediately after the vote, Trump issued a statement, “We won big.”",
                       "Trump shot back, saying he had “made a lot of money.”",
                       "“Frankly, this is the thinking our country needs.”")
    assert [q.speaker for q in quotes] == ["Donald Trump"] * 3


def test_quote_paragraph_after_a_paragraph_about_someone() -> None:
    quotes = quotes_of("Richard Viguerie has backed Cruz for months.",
                       "Viguerie is upbeat about Cruz’s chances in November.",
                       "“Not only can Cruz win, he is the one with the best chance.”")
    assert [q.speaker for q in quotes] == ["Richard Viguerie"]


def test_participle_after_a_comma_belongs_to_the_sentence_subject() -> None:
    quotes = quotes_of("Madeleine Albright urged women to vote for Hillary Clinton, saying, "
                       "“There is a special place for them.”",
                       "“Many people are unsure,” Peter Thiel wrote in a statement to Wired "
                       "explaining his choice, “but most agree.”")
    assert [q.speaker for q in quotes] == ["Madeleine Albright", "Peter Thiel", "Peter Thiel"]


def test_age_and_place_appositives_before_the_verb() -> None:
    quotes = quotes_of("“We were wrong,” Jorge Ramos, 58, told AFP in an interview.",
                       "Dean Johnson, a salesman from Sumter, South Carolina, says Cruz will "
                       "“leave with momentum.”",
                       "Hours later, Ramos returned the compliment, “He is a friend.”")
    assert [q.speaker for q in quotes] == ["Jorge Ramos", "Dean Johnson", "Jorge Ramos"]


def test_party_tag_in_parentheses_is_not_the_speaker() -> None:
    quotes = quotes_of("“We will vote no,” Rep. Elijah Cummings (D-Md.), chair of the "
                       "committee, said.")
    assert [q.speaker for q in quotes] == ["Elijah Cummings"]


def test_plural_possessive_in_the_appositive_is_no_quote_mark() -> None:
    quotes = quotes_of("“We beat the goal,” Jeff Weaver, Sanders’ campaign manager, said in a "
                       "statement. “Small donors did it.”")
    assert [q.speaker for q in quotes] == ["Jeff Weaver", "Jeff Weaver"]


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        # An adverb between the subject and the verb.
        ("Asked about it, Pella Ostrand briskly said the plan was “a fair compromise” overall.",
         "Pella Ostrand"),
        # A role noun between a modifier and the name in the subject.
        ("Campaign chair Tovin Markel dismissed the whole fuss as “absurd.” Nobody agreed.",
         "Tovin Markel"),
        # Place names between a lead-in phrase and the subject.
        (("Speaking at a fair in Dunmore, Vermont, Ralen Osk went after his rival, calling him "
          "“a total stiff.”"), "Ralen Osk"),
        # A dateline before the subject.
        (("Harlow (XNA) – Councillor Mira Vance has criticised the budget, saying that “loud "
          "promises” cost money."), "Mira Vance"),
    ],
)
def test_sentence_subject_found_past_adverbs_roles_places_and_datelines(
        paragraph: str, speaker: str) -> None:
    quotes = quotes_of(paragraph)
    assert [q.speaker for q in quotes] == [speaker]


@pytest.mark.parametrize(
    "paragraph",
    [
        "“You know, it happens, right?” Ralen Osk went on, smiling.",
        "“This is fantastic!” beamed Ralen Osk of Dunmore, Vermont.",
        "“It is a mess,” Representative Ralen Osk, Democrat of Vermont, told reporters.",
    ],
)
def test_less_common_reporting_clauses_and_party_appositives(paragraph: str) -> None:
    quotes = quotes_of(paragraph)
    assert [q.speaker for q in quotes] == ["Ralen Osk"]


def test_headline_name_before_colon_speaks_whatever_verbs_follow() -> None:
    quotes = quotes_of("Mira Vance spoke on Friday.",
                       headline="Mira Vance: ‘No Idea’ If I Would Have Told Anyone")
    assert [(q.where, q.speaker) for q in quotes] == [("headline", "Mira Vance")]


def test_said_then_a_name_with_its_own_verb_is_not_the_speaker() -> None:
    quotes = quotes_of("Mira Vance backed someone else before, but now said Ralen Osk had "
                       "“the chance to unite us.”")
    assert [q.speaker for q in quotes] == ["Mira Vance"]


def test_place_with_abbreviation_and_of_place_before_the_subject() -> None:
    quotes = quotes_of("At a rally in Dunmore, Vt., on Tuesday, Senator Ralen Osk of Vermont "
                       "endorsed her, saying that she would “make a fine mayor.”")
    assert [q.speaker for q in quotes] == ["Ralen Osk"]


def test_statement_after_a_sentence_with_a_reporting_verb_goes_to_its_subject() -> None:
    quotes = quotes_of("Ralen Osk argues that his client never urged violence. “The charge is "
                       "an overreach by any measure.”")
    assert [q.speaker for q in quotes] == ["Ralen Osk"]


def test_speaker_known_as_a_name_and_a_nested_closer_before_the_verb() -> None:
    quotes = quotes_of(
        "“There never was an order,” said the base chief known as Bob, speaking for the first "
        "time.",
        "''They say, 'Go back to your country,''' said Mr. Osk, who was born abroad.",
    )
    assert [q.speaker for q in quotes] == ["Bob", "Osk"]


def test_name_just_before_a_colon_introduces_the_statement() -> None:
    quotes = quotes_of("The surge does not surprise pollster Mira Vance: “Unknown candidates "
                       "often do well early.”")
    assert [q.speaker for q in quotes] == ["Mira Vance"]


# -- transcripts and collected reactions ------------------------------------------------------


def test_a_dash_at_the_end_of_the_line_credits_the_quote() -> None:
    quotes = quotes_of(
        "Readers sent us their views after the vote.",
        "“The bridge should have closed years ago.” ― Ann Holt\n"
        "“Nobody asked the people who live here.” —\u00a0Oscar P. Quintero.\n"
        "“I walk across it every day and I am glad.” – Julie A. Diaz Martinez",
    )
    assert [q.speaker for q in quotes] == [
        "Ann Holt", "Oscar P. Quintero", "Julie A. Diaz Martinez",
    ]
    assert {q.kind for q in quotes} == {"direct"}


def test_a_dash_that_goes_on_with_the_sentence_credits_no_one() -> None:
    quotes = quotes_of(
        "Officials called the attackers “lone wolves” — a Phrase critics reject.",
        "The mayor described the repairs as “overdue” — Holt and others agreed",
    )
    assert [q.speaker for q in quotes] == [None, None]


def test_transcript_labels_give_each_turn_its_speaker() -> None:
    quotes = quotes_of(
        "Fox News host Chris Wallace spoke to Mike Pence on Sunday. Partial transcript:",
        '"WALLACE: Governor, will she be there?',
        '"PENCE: No, she will not be attending the debate.',
        '"Donald Trump was making a point about the other side.',
        '"WALLACE: Do you really see those two as equivalent?"',
    )
    assert [q.speaker for q in quotes] == [
        "Chris Wallace", "Mike Pence", "Mike Pence", "Chris Wallace",
    ]


def test_transcript_labels_of_people_named_nowhere_else() -> None:
    quotes = quotes_of(
        "Partial transcript as follows:",
        '"RAMOS: Secretary Clinton, on the night of the attacks, what did you say?',
        '"CLINTON: I said what we knew at the time.',
        '"RAMOS: And the families?"',
    )
    assert [q.speaker for q in quotes] == ["Ramos", "Clinton", "Ramos"]


def test_a_lone_capitalised_label_is_no_speaker() -> None:
    quotes = quotes_of('"UPDATE: The bridge will reopen in May," the council said on Friday.')
    assert [q.speaker for q in quotes] == [None]


@needs_sample
def test_reporting_verbs_grouped_by_first_letter_match_as_a_flat_list() -> None:
    import re

    from reader.quotes import lexicon as quotes

    words = ["according to", *sorted(set(quotes.REPORTING_VERBS + quotes.PARTICIPLES),
                                     key=len, reverse=True)]
    flat = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    text = SAMPLE.read_text(encoding="utf-8") + " ".join(words) + " SAID Shot back, saidx says"
    for lo in range(0, len(text), 37):
        window = (lo, lo + 300)
        assert [m.span() for m in quotes.VERB_RE.finditer(text, *window)] == [
            m.span() for m in flat.finditer(text, *window)
        ]


# -- time linear in the article's length (issue 11) ------------------------------------------

GROWTH_PARAGRAPH = (
    "Mayor Ann Holt met Tom Reed and Sara Lund of the Brightwell company in Dunmore on Monday. "
    '"We will rebuild the bridge," Holt said, adding that she would ask the council to pay.'
)


def calls_to_attribute(paragraphs: int) -> int:
    """Python function calls made attributing an article of that many paragraphs: a count of
    operations that, unlike a time, no other load on the machine changes."""
    import cProfile

    profiler = cProfile.Profile()
    profiler.runcall(attribute_quotes, body(*[GROWTH_PARAGRAPH] * paragraphs))
    return sum(entry.callcount for entry in profiler.getstats())


def test_work_grows_linearly_with_the_paragraph_count() -> None:
    # Sorting every name met so far once per paragraph made this ratio about 10 at these
    # sizes (and 8,000 paragraphs take a minute); linear work gives 4.
    small, large = calls_to_attribute(250), calls_to_attribute(1000)
    assert large / small < 6
