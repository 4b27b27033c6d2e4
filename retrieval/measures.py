"""What a quantity question measures, and the units that state each measure: the one home of
these word lists.

«ما مساحة البلد؟» asks for an area, stated in «كم²» or «كيلومتر مربع»; the «خمسين ولاية» of the
same sentence is a count and no answer to it. «كم عمر المدرب؟» asks for an age, which a
«الدقيقة 29» is not; «كم بقيت…» asks for a length of time, which «ستة عجائب» is not.
``retrieval.extract`` prefers a number stated in the asked measure's units and says an answer does
not fit when the sentence offers none.

Entries are in reading form; ``retrieval.patterns.normalized_set`` normalizes them. The asking
words are compared with the question's first content word by their stems, so «مساحتها» and
«المساحة» name «مساحة». The nouns are among the quantity nouns of
``retrieval.lexicon.KIND_NOUNS`` or, like «عمر», follow «كم»; the verbs of lasting are listed in
their past and present forms, which the light stemmer does not relate.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.time_expressions import TIME_UNITS

# Units of length, which an area squares: «كم²»، «كيلومتر مربع».
_LENGTH_UNITS = "كم كيلومتر كيلومترا كيلومترات كيلو متر مترا أمتار ميل ميلا أميال سم سنتيمتر قدم"
# Words that square a unit («كيلومتر مربع»); «كم²» is read from its sign.
AREA_MARKS = "مربع مربعا مربعة"
# Written after an amount of money.
CURRENCIES = (
    "ريال ريالا ريالات دولار دولارا دولارات يورو جنيه جنيها جنيهات دينار دينارا دنانير "
    "درهم درهما دراهم ليرة ليرات روبل فرنك ين $ €"
)


# Verbs between «كم» and the measure: «كم تبلغ مساحة…»، «كم يصل طول…».
AMOUNT_VERBS = "بلغ تبلغ يبلغ بلغت وصل تصل يصل وصلت تقدر يقدر قدرت تساوي يساوي"


# Verbs of lasting: «كم استمرت المعارك؟»، «كم بقيت…» ask for a length of time, not a count.
DURATION_VERBS = (
    "استمر استمرت استمروا يستمر تستمر دام دامت يدوم تدوم بقي بقيت بقوا يبقى تبقى "
    "استغرق استغرقت يستغرق تستغرق مضى مضت يمضي تمضي طال طالت يطول تطول"
)


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure a question can ask for: the words that ask for it as the question's first
    content word (a noun such as «مساحة», a verb of lasting such as «استمرت») and the words of an
    answer that state it (a unit, a currency, the per-cent sign)."""

    name: str
    asked: str
    units: str
    # Units that state the measure only when squared («كم²», «متر مربع»); a squared unit never
    # states a measure of ``units`` (a length is not an area).
    squared_units: str = ""


MEASURES: tuple[Measure, ...] = (
    Measure("duration", f"مدة فترة {DURATION_VERBS}", TIME_UNITS),
    Measure("age", "عمر سن", "عام عاما أعوام سنة سنوات سنين"),
    Measure("share", "نسبة", "% ٪ المئة المائة بالمئة بالمائة"),
    Measure("area", "مساحة", "هكتار هكتارا دونم دونما فدان فدانا", squared_units=_LENGTH_UNITS),
    Measure("length", "طول مسافة ارتفاع عمق", _LENGTH_UNITS),
    Measure("money", "تكلفة كلفة سعر ثمن راتب ميزانية مبلغ أرباح إيرادات", CURRENCIES),
    Measure("temperature", "درجة حرارة", "درجة درجات °"),
    Measure("weight", "وزن", "كيلوغرام كيلوغراما كيلوجرام كغ كجم طن أطنان غرام جرام"),
)
