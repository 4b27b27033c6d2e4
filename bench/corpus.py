"""A deterministic synthetic Arabic news corpus, grown from the ``seeds/`` sentences.

Each generated sentence is a seed sentence with about a third of its words replaced by words
drawn from a Zipf distribution over an unbounded lexicon: the seed words first (most frequent
first), then synthesized words and names. Because the lexicon is unbounded, the number of
distinct terms keeps growing with the corpus (Heaps' law), as it does in a real archive, and
the common words stay common. Synthesized words come in families (bare, with the article, with
و, with a plural suffix) that share a light stem, so stemming and skeletons have work to do.

The same ``seed`` gives the same sentences, and a smaller corpus is a prefix of a larger one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from retrieval.corpus import load_corpus

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# Zipf exponent of replacement words: ~1.25 gives about 0.5M distinct words per 10M drawn.
ZIPF_EXPONENT = 1.25
REPLACE_SHARE = 0.35
SENTENCES_PER_ARTICLE = 20
_CHUNK = 4096

_CONSONANTS = "بتثجحخدذرزسشصضطظعغفقكلمنهءلمنرست"
_VOWELS = ("", "ا", "و", "ي", "")
_SYLLABLES = tuple(c + v for c in _CONSONANTS for v in _VOWELS)
_FAMILY = (("", ""), ("ال", ""), ("و", ""), ("", "ات"), ("ال", "ية"), ("", "ون"))


def seed_sentences(seeds: Path = SEEDS) -> list[list[str]]:
    """The seed sentences as lists of words (white-space split, punctuation attached)."""
    corpus = load_corpus(seeds)
    sentences = [s.text.split() for d in corpus.documents for s in d.sentences]
    return [words for words in sentences if len(words) > 3]


def synthesized_word(rank: int) -> str:
    """The lexicon's word at ``rank`` beyond the seed words: a deterministic Arabic-looking form."""
    family, variant = divmod(rank, len(_FAMILY))
    code = (family * 2_654_435_761 + 97) % (len(_SYLLABLES) ** 4)
    syllables = []
    for _ in range(2 + family % 3):
        code, digit = divmod(code, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
    prefix, suffix = _FAMILY[variant]
    return prefix + "".join(syllables) + suffix


class CorpusGenerator:
    """Synthetic sentences: seed templates with Zipf-drawn replacement words."""

    def __init__(self, seeds: list[list[str]] | None = None, *, seed: int = 2024) -> None:
        self.templates = seeds if seeds is not None else seed_sentences()
        counts = Counter(word for words in self.templates for word in words)
        self.seed_words = sorted(counts, key=lambda w: (-counts[w], w))
        self.seed = seed
        self._synthesized: dict[int, str] = {}

    def word(self, rank: int) -> str:
        if rank < len(self.seed_words):
            return self.seed_words[rank]
        word = self._synthesized.get(rank)
        if word is None:
            word = synthesized_word(rank - len(self.seed_words))
            self._synthesized[rank] = word
        return word

    def sentences(self, count: int) -> Iterator[str]:
        """The first ``count`` sentences."""
        rng = np.random.default_rng(self.seed)
        lengths = np.array([len(t) for t in self.templates])
        made = 0
        while made < count:
            n = min(_CHUNK, count - made)
            picks = rng.integers(0, len(self.templates), size=_CHUNK)
            words = int(lengths[picks].sum())
            replace = rng.random(words) < REPLACE_SHARE
            ranks = rng.zipf(ZIPF_EXPONENT, size=words) - 1
            at = 0
            for template_index in picks[:n].tolist():
                template = self.templates[template_index]
                out = []
                for offset, original in enumerate(template):
                    if replace[at + offset]:
                        out.append(self.word(int(ranks[at + offset]) % 1_000_000_007))
                    else:
                        out.append(original)
                at += len(template)
                yield " ".join(out)
            made += n


def write_articles(sentences: list[str], folder: Path) -> int:
    """Write sentences as ``.txt`` articles of SENTENCES_PER_ARTICLE each; returns file count."""
    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    for start in range(0, len(sentences), SENTENCES_PER_ARTICLE):
        chunk = sentences[start : start + SENTENCES_PER_ARTICLE]
        lines = [f"خبر رقم {start // SENTENCES_PER_ARTICLE}"]
        lines += [s if s[-1] in ".!?؟" else s + "." for s in chunk]
        path = folder / f"{start // SENTENCES_PER_ARTICLE:07d}.txt"
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        files += 1
    return files
