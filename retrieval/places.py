"""Place names: the one home for the built-in gazetteer.

A small list of countries, capitals and cities that Arabic news about politics and conflicts names
most, plus the regions of the seed articles. ``retrieval.extract`` recognises a place when a
preposition puts an event in one of these («في بروكسل»، «إلى موسكو»); any name after «مدينة» or
«العاصمة» is a place as well, so a city missing here is still found in «في مدينة سوتشي».
Entries are in reading form; spelling variants that do not normalize together are listed apart.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTRIES = """
روسيا أرمينيا أذربيجان تركيا إيران جورجيا فرنسا ألمانيا إسبانيا إيطاليا بريطانيا
أمريكا أميركا الصين اليابان الهند باكستان أفغانستان مصر سوريا سورية لبنان الأردن العراق
السعودية الإمارات قطر الكويت البحرين عمان اليمن ليبيا تونس الجزائر المغرب موريتانيا السودان
فلسطين إسرائيل أوكرانيا بيلاروس بيلاروسيا كازاخستان أوزبكستان تركمانستان قيرغيزستان طاجيكستان
بلجيكا هولندا سويسرا النمسا بولندا السويد النرويج الدنمارك فنلندا اليونان قبرص البرتغال
المجر رومانيا بلغاريا صربيا كندا المكسيك البرازيل الأرجنتين إثيوبيا الصومال نيجيريا
""".split()

# Multi-word countries, one per line.
MULTIWORD_COUNTRIES = (
    "الولايات المتحدة",
    "المملكة المتحدة",
    "كوريا الشمالية",
    "كوريا الجنوبية",
    "جنوب أفريقيا",
)

# Multi-word regions and cities, one per line.
MULTIWORD_PLACES = (
    "قره باغ",
    "ناغورني قره باغ",
    "ناغورنو قره باغ",
    "ناغورنو كاراباخ",
    "ناغورني كاراباخ",
    "جنوب القوقاز",
    "أبو ظبي",
    "سان بطرسبورغ",
    "قطاع غزة",
    "الضفة الغربية",
)

CITIES = """
موسكو باكو يريفان أنقرة إسطنبول اسطنبول طهران تبليسي باريس برلين مدريد روما لندن واشنطن
نيويورك بكين طوكيو القاهرة دمشق بيروت بغداد الرياض الدوحة أبوظبي دبي المنامة مسقط صنعاء
طرابلس الرباط الخرطوم القدس غزة كييف مينسك بروكسل جنيف فيينا لاهاي ستراسبورغ أستانا
سوتشي غرناطة شوشا ستيباناكيرت خانكندي لاتشين
""".split()

REGIONS = "كاراباخ القوقاز".split()

CONTINENTS = "أوروبا آسيا أفريقيا إفريقيا".split()

PLACE_NAMES: tuple[str, ...] = (
    *COUNTRIES,
    *MULTIWORD_COUNTRIES,
    *MULTIWORD_PLACES,
    *CITIES,
    *REGIONS,
    *CONTINENTS,
)

# Heads after which any name is a place: «مدينة سوتشي»، «العاصمة الروسية موسكو»، «مدينة زوارة».
CITY_HEADS = "مدينة المدينة العاصمة عاصمة بلدة قرية"
PROVINCE_HEADS = "محافظة ولاية مقاطعة"
ISLAND_HEADS = "جزيرة"
PLACE_HEADS = f"{CITY_HEADS} {PROVINCE_HEADS} {ISLAND_HEADS}"


@dataclass(frozen=True, slots=True)
class PlaceKind:
    """A kind of place a question can ask for («أي دولة»، «ما عاصمة»): the question's nouns that
    ask for it, and how an answer shows its kind, by a head («مدينة دمشق») or a known name."""

    name: str
    asked: str
    heads: str
    names: tuple[str, ...] = ()


PLACE_KINDS: tuple[PlaceKind, ...] = (
    PlaceKind("country", "دولة دول بلد بلاد", "جمهورية مملكة", (*COUNTRIES, *MULTIWORD_COUNTRIES)),
    PlaceKind("city", "مدينة مدن عاصمة عواصم بلدة", CITY_HEADS, tuple(CITIES)),
    PlaceKind("province", "محافظة ولاية مقاطعة", PROVINCE_HEADS),
    PlaceKind("island", "جزيرة", ISLAND_HEADS),
    PlaceKind("continent", "قارة قارات", "", tuple(CONTINENTS)),
)

# Heads of a region that is named by a known place: «إقليم ناغورني قره باغ».
REGION_HEADS = "منطقة إقليم جمهورية"
# Prepositions that put an event in a place.
PLACE_PREPOSITIONS = "في إلى الى حتى نحو داخل"
# Words that name a country's or a region's capital with its owner glued on («عاصمتها الرباط»).
CAPITAL_OF = "عاصمتها عاصمته"
# The four directions as a border names them: after «من» («ومن الشمال تركيا»), with what lies
# there after them, or as adverbs after it («تحدها كندا شمالاً»).
DIRECTIONS = (
    "الشمال",
    "الجنوب",
    "الشرق",
    "الغرب",
    "الشمال الشرقي",
    "الشمال الغربي",
    "الجنوب الشرقي",
    "الجنوب الغربي",
)
DIRECTION_ADVERBS = "شمالا جنوبا شرقا غربا"
# Verbs whose subject is the place that hosts an event («استضافتها روسيا»، «تستضيف قطر»).
HOSTING_VERBS = (
    "استضافت استضافته استضافتها استضاف استضافه استضافها تستضيف يستضيف ستستضيف سيستضيف "
    "تستضيفه تستضيفها يستضيفه يستضيفها احتضن احتضنه احتضنها احتضنت احتضنته احتضنتها تحتضن "
    "يحتضن ستحتضن سيحتضن"
)
