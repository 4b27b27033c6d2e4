"""The answer model's coefficients and thresholds, written by tools/fit_ranker.py.

Fitted on: arcd-train.json, news_questions.jsonl, questions.jsonl, seeds_hard.jsonl, operator_questions.jsonl.
Do not edit by hand: run `make fit-ranker` (see tools/fit_ranker.py).
"""

SENTENCE_MODEL = {
    "features": ['bm25_rel', 'bm25_log', 'rank_log', 'cov_sent', 'cov_exact', 'cov_window', 'cov_article', 'cov_title', 'missing_max', 'missing_sentence_max', 'unexplained_max', 'unexplained_sentence_max', 'article_focus', 'subject_focus', 'subject_in_title', 'missing_article_max', 'missing_article_count', 'numbers_missing', 'is_title', 'length_log', 'position_log', 'question_words', 'corrected_share', 'unseen_share'],
    "mean": [0.402694, 2.4307, 2.96122, 0.30009, 0.265165, 0.342502, 0.425076, 0.0897342, 0.933614, 0.951912, 0.9316, 0.948703, 0.135465, 0.0761063, 0.061064, 0.887621, 2.85116, 0.0649436, 0.0646601, 3.77248, 1.58909, 5.3821, 0.0191943, 0.0377802],
    "scale": [0.251045, 0.851981, 0.952108, 0.196176, 0.20132, 0.223043, 0.258982, 0.163585, 0.200817, 0.161043, 0.204637, 0.167829, 0.131053, 0.182752, 0.239448, 0.276225, 1.78609, 0.246426, 0.245925, 0.68806, 0.781716, 1.99604, 0.0795118, 0.119309],
    "weights": [0.571026, 0.325088, -0.945932, 0.37911, 0.0465168, 1.237, -0.461805, 0.0468994, 0.481188, 0.325875, 0.00144452, -0.560861, -0.0898692, -0.0446522, -0.0773411, -0.242257, -0.116623, -0.00213827, -1.15689, 0.300668, -0.19503, 0.241108, 0.159695, 0.260277],
    "bias": -7.35097,
}
ANSWER_MODEL = {
    "features": ['bm25_rel', 'bm25_log', 'rank_log', 'cov_sent', 'cov_exact', 'cov_window', 'cov_article', 'cov_title', 'missing_max', 'missing_sentence_max', 'unexplained_max', 'unexplained_sentence_max', 'article_focus', 'subject_focus', 'subject_in_title', 'missing_article_max', 'missing_article_count', 'numbers_missing', 'is_title', 'length_log', 'position_log', 'question_words', 'corrected_share', 'unseen_share', 'typed_found', 'measure_missing', 'name_missing'],
    "mean": [0.570144, 2.72343, 1.79722, 0.416626, 0.384115, 0.482962, 0.558144, 0.126971, 0.858486, 0.899334, 0.852784, 0.889752, 0.183374, 0.110804, 0.0844741, 0.77992, 2.02023, 0.050217, 0.0084808, 3.89847, 1.59594, 5.00354, 0.0239706, 0.0522733, 0.129616, 0.228715, 0.199132],
    "scale": [0.257159, 0.723855, 0.854059, 0.235026, 0.240566, 0.256098, 0.280403, 0.20498, 0.298258, 0.245723, 0.304945, 0.258659, 0.156375, 0.200442, 0.278098, 0.375841, 1.60052, 0.218392, 0.0916999, 0.640107, 0.65269, 2.03326, 0.0907213, 0.142144, 0.335881, 0.420005, 0.399347],
    "weights": [0.650262, 0.232751, -0.764924, 0.331053, 0.0988148, 1.34197, -0.313389, 0.196843, 0.23314, 0.614616, 0.287677, -0.770866, -0.140151, 0.0669707, -0.164446, -0.225525, -0.0741468, -0.0494591, -0.590147, 0.443131, 0.00517182, 0.172899, 0.0982864, 0.318023, -0.00684839, -0.677802, -0.317644],
    "bias": -4.82303,
}
ANSWERABLE_MODEL = {
    "features": ['best_log_odds', 'best_gap', 'best_cov_sent', 'best_cov_window', 'best_cov_title', 'best_article_focus', 'best_subject_focus', 'best_subject_in_title', 'best_missing_max', 'best_missing_sentence_max', 'best_unexplained_max', 'best_unexplained_sentence_max', 'best_numbers_missing', 'best_measure_missing', 'best_name_missing', 'pool_cov_article', 'pool_cov_title', 'pool_article_focus', 'pool_subject_focus', 'pool_subject_in_title', 'pool_missing_article_max', 'question_words', 'corrected_share', 'unseen_share'],
    "mean": [-0.508154, 1.95689, 0.699933, 0.735607, 0.214197, 0.263569, 0.187209, 0.152896, 0.598924, 0.649223, 0.58677, 0.620031, 0.027027, 0.12973, 0.17529, 0.803201, 0.296924, 0.316621, 0.311607, 0.261776, 0.482693, 4.92355, 0.024646, 0.0562338],
    "scale": [1.55986, 1.58865, 0.242533, 0.240398, 0.244309, 0.166926, 0.235031, 0.359887, 0.438915, 0.416344, 0.44267, 0.428908, 0.162162, 0.336006, 0.380215, 0.213244, 0.248292, 0.174832, 0.295252, 0.439601, 0.441865, 2.05474, 0.0917137, 0.148901],
    "weights": [0.902574, -0.134248, 0.562832, 0.107339, 0.327771, 0.226107, 0.06243, 0.0271444, 0.231101, 0.96187, -0.570527, -0.214999, -0.0665383, -0.371441, 0.0173457, 0.0350499, -0.139373, -0.14261, 0.127355, -0.311284, -0.0310779, 0.107308, -0.0789293, -0.0130155],
    "bias": 0.408607,
}
ANSWER_THRESHOLD = -2.05
HIT_THRESHOLD = -5.9
SHORT_ANSWER_THRESHOLD = 1.8
