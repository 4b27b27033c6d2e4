"""Latin runs inside Arabic lines, kept in order in Telegram's right-to-left messages.

In a right-to-left line, a run of Latin text (a doc id such as «004_13ef93096cc37932», a command
such as «/sources», a negative chat id, an English sentence) is laid out by the Unicode bidi
algorithm together with the neutral characters around it: «-100123» shows as «100123-», two Latin
words separated by Arabic punctuation swap places. Wrapping each run in FIRST STRONG ISOLATE
(U+2068) … POP DIRECTIONAL ISOLATE (U+2069) lays it out on its own, in its own direction, as one
unit. Only Telegram text is wrapped: terminals show the isolates as they please.
"""

from __future__ import annotations

import re

FSI = "\u2068"
PDI = "\u2069"
# A stretch of printable ASCII words separated by spaces: the candidates for a Latin run.
_STRETCH = re.compile(r"[!-~]+(?: +[!-~]+)*")
_LATIN_LETTER = re.compile("[A-Za-z]")
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?")
_PAIRS = {")": "(", "]": "[", "}": "{"}
_CLOSERS = {opener: closer for closer, opener in _PAIRS.items()}
_OPENERS = "([{"
# Punctuation that ends the Arabic sentence around a one-word run, not the run.
_SENTENCE_END = ".,;:!?"


def isolate_latin(text: str) -> str:
    """``text`` with each run of Latin text (or a negative number) wrapped in U+2068 … U+2069.

    A run is printable ASCII, spaces between words included, with a Latin letter in it. Plain
    numbers are left alone (Arabic lines show them in order already), and so are what belongs
    to the Arabic line around a run: punctuation before it, brackets that pair with one outside
    it, and the full stop after a one-word run.
    """
    return _STRETCH.sub(_isolated, text)


def _isolated(match: re.Match[str]) -> str:
    run = match.group(0)
    # Bracket counts kept up to date while the edges are peeled, so peeling stays linear.
    brackets = {bracket: run.count(bracket) for bracket in "()[]{}"}
    start, end = 0, len(run)
    while start < end:
        char = run[start]
        if char in _OPENERS and brackets[char] > brackets[_CLOSERS[char]]:
            brackets[char] -= 1
        elif char not in _SENTENCE_END + " ":
            break
        start += 1
    one_word = " " not in run[start:end]
    while start < end:
        char = run[end - 1]
        if char in _PAIRS and brackets[char] > brackets[_PAIRS[char]]:
            brackets[char] -= 1
        elif not (char in _SENTENCE_END and one_word):
            break
        end -= 1
    inner = run[start:end]
    if _LATIN_LETTER.search(inner) is None and _NEGATIVE_NUMBER.fullmatch(inner) is None:
        return run
    return f"{run[:start]}{FSI}{inner}{PDI}{run[end:]}"
