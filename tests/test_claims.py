"""The article's claims (SPEC section 5): quotes and sentences that report speech."""

from __future__ import annotations

import json
import subprocess
import sys

from claim_articles import DRONES

from reader.model import Article
from reader.quotes.claims import find_claims


def test_quotes_and_reported_sentences_come_in_article_order_with_ids() -> None:
    claims = find_claims(DRONES)
    assert [c.id for c in claims] == [f"c{n}" for n in range(len(claims))]
    order = {"headline": 0, "body": 1, "caption": 2}
    assert [(order[c.where], c.index, c.start) for c in claims] == sorted(
        (order[c.where], c.index, c.start) for c in claims)
    kinds = {(c.kind, " ".join(c.text.split()[:3])) for c in claims}
    assert ("reported", "National security spokesman") in kinds
    assert ("quote", "Iranian military personnel") in kinds
    assert ("quote", "killer") in kinds


def test_a_reported_sentence_gets_its_speaker_from_the_resolver() -> None:
    claims = find_claims(Article(
        headline="Drones",
        paragraphs=(
            "John Kirby spoke to reporters at the White House on Wednesday.",
            "Kirby said Iran had put trainers in Crimea to help the Russian pilots.",
            "In another comment he said it was the Russians who were piloting the drones.",
            "Several drones were shot down over the city overnight, officials said.",
        ),
    ))
    reported = {c.text: c.speaker for c in claims if c.kind == "reported"}
    assert reported == {
        "Kirby said Iran had put trainers in Crimea to help the Russian pilots.": "John Kirby",
        "In another comment he said it was the Russians who were piloting the drones.":
            "John Kirby",
        "Several drones were shot down over the city overnight, officials said.": None,
    }


def test_according_to_names_the_source() -> None:
    claims = find_claims(Article(
        headline="Flights",
        paragraphs=(("According to the Port Alder Airport, more than forty flights were "
                    "cancelled on Monday because of the fog."),),
    ))
    assert [(c.kind, c.speaker) for c in claims] == [("reported", "Port Alder Airport")]


def test_a_direct_quote_is_one_claim_not_two_and_a_question_is_none() -> None:
    claims = find_claims(Article(
        headline="Festival",
        paragraphs=(
            "'The harvest festival will go ahead in the spring as planned,' said Mayor Ana Ruiz.",
            "Did the council say the festival would be cancelled because of the rain?",
        ),
    ))
    assert [(c.kind, c.speaker) for c in claims] == [("quote", "Ana Ruiz")]


def test_offsets_point_at_the_claims_text() -> None:
    for claim in find_claims(DRONES):
        source = DRONES.headline
        if claim.where == "body":
            source = DRONES.paragraphs[claim.index]
        elif claim.where == "caption":
            source = DRONES.images[claim.index].caption
        assert source[claim.start:claim.end] == claim.text


def test_reader_analyze_prints_claims_and_the_new_comment_fields() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "analyze", "--no-cache"],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["claims"] and set(data["claims"][0]) >= {
        "id", "where", "index", "start", "end", "text", "speaker"}
    ids = {claim["id"] for claim in data["claims"]}
    for comment in data["comments"]:
        assert {"about", "quoted", "attention"} <= set(comment)
        assert all(link["claim"] in ids and 0 <= link["score"] <= 1 for link in comment["about"])
        assert 0 <= comment["attention"]["score"] <= 1
    assert any(comment["about"] for comment in data["comments"])
    assert any(comment["quoted"] for comment in data["comments"])


def test_the_text_summary_lists_disputed_claims_and_misquotes_and_csv_has_the_columns() -> None:
    from made_analyses import comment_analysis

    from reader.analysers.about import AboutLink
    from reader.analysers.attention import Attention
    from reader.analysers.quoted import QuotedStretch
    from reader.analysers.stance import Stance
    from reader.export import csv_rows, render_text
    from reader.model import Analysis, Comment

    link = (AboutLink("c2", 0.7, False, "John Kirby", "Kirby said Iran had put trainers"),)
    altered = (QuotedStretch("Iranian soldiers were there", 0, 27, "altered", "c3",
                             "Iranian military personnel were there", (("=", "Iranian"),)),)
    article = Article(headline="Drones", comments=(
        Comment("a", "Ann", "1h", "Kirby is wrong about the trainers"),
        Comment("b", "Bob", "1h", '"Iranian soldiers were there"'),
    ))
    analysis = Analysis(article, (), {
        "a": comment_analysis("en", 0.99, None, Stance("deny", 0.9, ()), about=link,
                              attention=Attention(0.5, ("disputes Kirby's claim",))),
        "b": comment_analysis("en", 0.99, None, Stance("comment", 0.9, ()), quoted=altered),
    })
    text = render_text(analysis)
    assert "Most disputed claims" in text
    assert "c2 Kirby, 'Kirby said Iran had put trainers': disputed by 1 of 1" in text
    assert "Misquotes" in text and "article says 'Iranian military personnel were there'" in text
    assert "attention 0.50 (disputes Kirby's claim)" in text
    header, first, second = csv_rows(analysis)
    assert first[header.index("about")] == "c2"
    assert first[header.index("attention_reasons")] == "disputes Kirby's claim"
    assert second[header.index("misquote")] == "altered"
