"""Place names: the one home for the built-in gazetteer.

A small list of countries, capitals and cities that Arabic news about politics and conflicts names
most, plus the regions of the seed articles. ``retrieval.extract`` recognises a place when a
preposition puts an event in one of these («في بروكسل»، «إلى موسكو»); any name after «مدينة» or
«العاصمة» is a place as well, so a city missing here is still found in «في مدينة سوتشي».
Entries are in reading form; spelling variants that do not normalize together are listed apart.
"""

from __future__ import annotations

COUNTRIES = """
روسيا أرمينيا أذربيجان تركيا إيران جورجيا فرنسا ألمانيا إسبانيا إيطاليا بريطانيا
أمريكا أميركا الصين اليابان الهند باكستان أفغانستان مصر سوريا سورية لبنان الأردن العراق
السعودية الإمارات قطر الكويت البحرين عمان اليمن ليبيا تونس الجزائر المغرب موريتانيا السودان
فلسطين إسرائيل أوكرانيا بيلاروس بيلاروسيا كازاخستان أوزبكستان تركمانستان قيرغيزستان طاجيكستان
بلجيكا هولندا سويسرا النمسا بولندا السويد النرويج الدنمارك فنلندا اليونان قبرص البرتغال
المجر رومانيا بلغاريا صربيا كندا المكسيك البرازيل الأرجنتين إثيوبيا الصومال نيجيريا
""".split()

# Multi-word countries and regions, one per line.
MULTIWORD_PLACES = (
    "الولايات المتحدة",
    "المملكة المتحدة",
    "كوريا الشمالية",
    "كوريا الجنوبية",
    "جنوب أفريقيا",
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
سوتشي غرناطة شوشا ستيباناكيرت خانكندي لاتشين كاراباخ القوقاز أوروبا آسيا أفريقيا إفريقيا
""".split()

PLACE_NAMES: tuple[str, ...] = (*COUNTRIES, *MULTIWORD_PLACES, *CITIES)

# Heads after which any name is a place: «مدينة سوتشي»، «العاصمة الروسية موسكو»، «مدينة زوارة».
PLACE_HEADS = "مدينة المدينة العاصمة عاصمة بلدة قرية محافظة ولاية مقاطعة جزيرة"
# Heads of a region that is named by a known place: «إقليم ناغورني قره باغ».
REGION_HEADS = "منطقة إقليم جمهورية"
# Prepositions that put an event in a place.
PLACE_PREPOSITIONS = "في إلى الى حتى نحو داخل"
