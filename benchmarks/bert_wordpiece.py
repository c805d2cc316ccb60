"""BERT's uncased tokenizer (basic split, then WordPiece), in plain Python.

For the static-embedding trial of the stance model (benchmarks/trial_stance_embeddings.py):
it gives the same token ids as the model's own tokenizer (checked against Hugging Face's
BertTokenizer on accents, punctuation, emoji and contractions when the trial was run).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

MAX_WORD = 100  # longer words are [UNK], as in BERT


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(ch: str) -> bool:
    return 0x4E00 <= ord(ch) <= 0x9FFF


class WordPiece:
    """Token ids of a text under a BERT vocabulary (one token a line, id = line number)."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.index = {token: i for i, token in enumerate(vocab)}
        self.unknown = self.index["[UNK]"]
        self.pieces = lru_cache(maxsize=65536)(self._pieces)

    def words(self, text: str) -> list[str]:
        """Lower-cased, accents stripped, split on white space and around punctuation."""
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        found: list[str] = []
        for chunk in text.split():
            current = ""
            for ch in chunk:
                if _is_punctuation(ch) or _is_cjk(ch):
                    if current:
                        found.append(current)
                        current = ""
                    found.append(ch)
                elif not unicodedata.category(ch).startswith("C"):
                    current += ch
            if current:
                found.append(current)
        return found

    def _pieces(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match-first WordPiece; a word with an unmatchable part is [UNK]."""
        if len(word) > MAX_WORD:
            return (self.unknown,)
        found = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.index:
                    found.append(self.index[piece])
                    break
                end -= 1
            else:
                return (self.unknown,)
            start = end
        return tuple(found)

    def ids(self, text: str) -> list[int]:
        return [i for word in self.words(text) for i in self.pieces(word)]
