"""A small hand-written article with quotes and reported claims, shared by the claim tests."""

from __future__ import annotations

from reader.analysers.article_claims import ArticleClaims, article_seen, claims_of_seen
from reader.analysers.base import AnalysisContext
from reader.model import Article, Image

DRONES = Article(
    headline="White House says Iran is 'on the ground' in Crimea",
    paragraphs=(
        ("National security spokesman John Kirby said Iran had put trainers and technicians "
        "in Crimea to help Russian pilots."),
        ("'Iranian military personnel were on the ground in Crimea and assisted with these "
        "operations,' Kirby said."),
        ("According to the Ukrainian defence ministry, more than forty drones were shot down "
        "over Kyiv on Monday morning."),
        "'The harvest festival will go ahead in the spring as planned,' said Mayor Ana Ruiz.",
        "Was the embassy warned in advance?",
    ),
    images=(Image("https://example.org/1.jpg", "A 'killer' drone is seen flying over Kyiv", 0),),
)


def drones() -> ArticleClaims:
    found = claims_of_seen(article_seen(AnalysisContext(DRONES)))
    assert found is not None
    return found
