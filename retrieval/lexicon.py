"""The words of asking: question words of MSA and the dialects, and the polite fillers around a
question. The one home for them: ``retrieval.stopwords`` keeps them out of search,
``retrieval.question_type`` reads the answer's kind from them.

Users type as they speak: «فين اتعقد الاجتماع؟» (Egyptian), «وين صار؟»، «قديش؟» (Levantine),
«وش صار؟»، «ايش؟» (Gulf), «فوقاش؟»، «علاش؟»، «شحال؟» (Maghrebi), wrapped in «لو سمحت»، «ممكن
تقولي»، «عايز أعرف». None of these words says what the question is about; counted as content they
would weigh as the rarest words of the corpus and make an answerable question look unanswered.

Entries are in reading form; users' misspellings that normalization does not fold (متي for متى is
folded; لمادا for لماذا is not) are listed as they are typed.
"""

from __future__ import annotations

from enum import StrEnum


class QuestionType(StrEnum):
    """The kind of answer a question asks for."""

    TIME = "time"
    QUANTITY = "quantity"
    PLACE = "place"
    PERSON = "person"
    THING = "thing"
    MANNER = "manner"
    REASON = "reason"
    YES_NO = "yes_no"
    UNKNOWN = "unknown"


# Question words that decide the answer's kind on their own. «لم» (why) is left out: it is far
# more often the negation «لم يشهد».
QUESTION_WORDS: tuple[tuple[QuestionType, str], ...] = (
    (QuestionType.TIME, "متى امتى إمتى امتا إمتا ايمتى إيمتى إيمته وقتاش فوقاش ايمتا"),
    (QuestionType.QUANTITY, "كم بكم قديش قداش أديش اديش قدّيش كام بكام شقد شكد شحال بشحال"),
    (QuestionType.PLACE, "أين وين فين فاين وينه وينها منين"),
    (QuestionType.PERSON, "من مين منو منهو شكون مينو لمن ممن عمن بمن"),
    (
        QuestionType.THING,
        "ماذا ما ماهو ماهي ماهى شو شنو شنهو ايش إيش أيش وش واش اش ايه إيه مما عما بما بماذا",
    ),
    (QuestionType.MANNER, "كيف ازاي إزاي كيفاش شلون"),
    (QuestionType.REASON, "لماذا لمادا ليش ليه علاش لويش"),
    (QuestionType.YES_NO, "هل"),
)
# «ما» and «أي» take the kind of the noun that follows them: «ما عدد» a quantity, «أي دولة» a
# place. Dialect forms: «انهي» (Egyptian), «ياتو» (Sudanese).
WHICH_WORDS = "ما ماهو ماهي ماذا أي أية أيّ بأي لأي فأي انهي إنهي ياتو"
# The nouns after «ما/أي» that name the answer's kind (compared by light stem).
KIND_NOUNS: tuple[tuple[QuestionType, str], ...] = (
    (
        QuestionType.TIME,
        "يوم أيام تاريخ موعد شهر عام سنة وقت ساعة أسبوع زمن قرن فترة عهد عصر",
    ),
    (
        QuestionType.QUANTITY,
        "عدد نسبة حجم قيمة مبلغ كمية مدة سعر حصيلة طول مساحة عرض ارتفاع عمق وزن سرعة تكلفة "
        "ميزانية معدل درجة رقم",
    ),
    (
        QuestionType.PLACE,
        "دولة دول بلد مدينة مكان عاصمة منطقة إقليم قرية بلدة ولاية محافظة قارة موقع مقر حي "
        "جزيرة نهر بحر ملعب مستشفى",
    ),
    (QuestionType.PERSON, "شخص شخصية مسؤول زعيم قائد لاعب رئيس مدرب ملك أمير وزير"),
    (QuestionType.REASON, "سبب أسباب دافع دوافع"),
    (QuestionType.MANNER, "طريقة كيفية وسيلة"),
)
# Words skipped between «ما/أي» and the noun: «ما هو عدد»، «أي من الدول».
LINKING_WORDS = "هو هي هم الذي التي من"
# «من هو X؟» asks who X is (a description), not who did something: these pronouns say so.
DEFINING_PRONOUNS = "هو هي هم هما"
# Words that may come before the question word: «على ماذا»، «منذ متى»، «في أي يوم».
LEADING_WORDS = "في على إلى الى عن مع منذ حتى و ف ب ل طيب يعني وبعدين"
# «من» and «ما» (and «أي») are also a preposition, a negation or a relative: they ask only at the
# start of the question, after leading words.
AMBIGUOUS_QUESTION_WORDS = "من ما أي أية انهي"
# «كم عدد X»، «ما عدد X»: the noun after these is what is counted.
COUNT_WORDS = "عدد أعداد"
# «في أي سنة…»، «أي عام…»، «سنة كم…»: these ask for a year, which a day or a weekday alone does
# not give (``retrieval.extract``).
YEAR_NOUNS = "سنة عام"
# «ما اسم X»: a noun that names the answer (a name) whatever its kind; like the kind nouns and
# the count words, it says what is asked for, not what about (``Question.focus``).
NAME_WORDS = "اسم أسماء لقب"

# Words of politeness and of asking that carry no subject: «لو سمحت»، «ممكن تقولي»، «عايز أعرف»،
# «أبغى أعرف»، «بدي اعرف»، «من فضلك»، «يا ريت». Verbs of knowing and telling are
# listed in the forms a user addresses to the bot («قولي»، «خبرني»، «بتعرف») and speaks of themself
# («أعرف»), not in those of news prose («عرف»، «قال»، «تعرف» as in «بماذا تعرف المدينة»). Words
# that are also content in news stay out: «الله» (عبد الله), «السلام» (عملية السلام), «حق».
FILLER_WORDS = """
سمحتي سمحتوا ممكن يمكن ممكنة تقدر تقدري بتقدر تقولي تقوللي قولي قوللي قلي قول قل لي
تخبرني اخبرني أخبرني خبرني خبريني عرفني تعرفني وضحلي وضح اشرح اشرحلي
عايز عايزة عاوز عاوزة عايزين ابغى أبغى ابغا أبغا ابي أبي ابى بدي بدنا حابب حابة ودي نفسي أريد
اريد أود اود
اعرف أعرف نعرف بتعرف تعرفي تعرفون أستفسر استفسر استفسار سؤال سوال أسأل اسأل
فضلك فضلكم رجاء رجاءً ياريت يا لطفا لطفاً
حبيبي اخي أخي اختي أختي عزيزي صديقي بوت البوت
طيب يعني بس برضه برضو كمان هلق هسه الحين دلوقتي دحين
"""

# Function words of the dialects, beside the MSA ones in ``retrieval.stopwords``: relatives,
# demonstratives, negations and particles that say nothing about the subject.
DIALECT_FUNCTION_WORDS = """
اللي إللي الي دا ده دي هاد هادا هادي هاذا هاذي هذي هذاك هذيك هيك هيدا هيدي كده كدا كدة
مش مو مب موب ماش مافي فيه فيها عشان علشان لأن بتاع بتاعة تبع تبعت هاي هاذول
شي شيء حاجة إشي صار صارت بصير يصير رح حيكون هيكون بيكون
"""
# Fillers of two words whose second word alone is content in news («سمحت السلطات»، «ريت»).
# Greetings and thanks around a question («شكرا»، «السلام عليكم») are small talk's
# (``retrieval.small_talk``).
FILLER_PHRASES = ("لو سمحت", "لو سمحتم", "يا ريت", "من فضلك", "من فضلكم")
