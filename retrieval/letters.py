"""Arabic letters and letter groups by name: the one home for them, as Lucene's ArabicNormalizer
and ArabicStemmer name theirs.

Letters that look alike are written as ``\\uXXXX`` escapes, so a reader can tell them apart. The
groups are those of *normalized* text (``retrieval.normalize``): ة is already ه there, ى is ي,
and every alef is a bare ا.
"""

from __future__ import annotations

HAMZA = "\u0621"  # ء
ALEF = "\u0627"  # ا
BEH = "\u0628"  # ب
TEH_MARBUTA = "\u0629"  # ة (before normalization)
TEH = "\u062a"  # ت
FEH = "\u0641"  # ف
KAF = "\u0643"  # ك
LAM = "\u0644"  # ل
NOON = "\u0646"  # ن
HEH = "\u0647"  # ه, also ة once normalized
WAW = "\u0648"  # و
YEH = "\u064a"  # ي, also ى once normalized

# The first and last code points of the Arabic letters (ء … ي).
FIRST_LETTER = HAMZA
LAST_LETTER = YEH

# The definite article.
ALEF_LAM = ALEF + LAM
# و and ف glued to the front of a word: «ومتى»، «فكم».
CONJUNCTIONS = (WAW, FEH)
# ب، ل and ك glued to the front of a word as prepositions: «بموسكو»، «لحقوق».
PREPOSITIONS = (BEH, LAM, KAF)
# The accusative tanween once stripped leaves this alef: «يوماً» → «يوما».
TANWEEN_ALEF = ALEF
# Normalized ة (so «دولة» is «دوله»).
TEH_MARBUTA_NORMALIZED = HEH
# Long vowels, the letters a skeleton drops after the first one (see ``retrieval.terms``).
LONG_VOWELS = ALEF + WAW + YEH
# Prefixes of present-tense verbs: يـ، تـ، نـ.
PRESENT_PREFIXES = YEH + TEH + NOON

# Where a sentence ends: full stop, exclamation and question marks, the Arabic question mark and
# the Urdu full stop some scraped pages use.
SENTENCE_TERMINATORS = ".!?\u061f\u06d4"
ARABIC_COMMA = "\u060c"


def is_arabic_letter(character: str) -> bool:
    """Whether a character is one of the Arabic letters ء … ي."""
    return FIRST_LETTER <= character <= LAST_LETTER
