"""The answer model's coefficients and thresholds, written by tools/fit_ranker.py.

Fitted on: arcd-train.json, questions.jsonl.
Do not edit by hand: run `make fit-ranker` (see tools/fit_ranker.py).
"""

SENTENCE_MODEL = {
    "features": ['bm25_rel', 'bm25_log', 'rank_log', 'cov_sent', 'cov_exact', 'cov_window', 'cov_article', 'cov_title', 'missing_max', 'missing_sentence_max', 'unexplained_max', 'unexplained_sentence_max', 'article_focus', 'subject_focus', 'subject_in_title', 'missing_article_max', 'missing_article_count', 'numbers_missing', 'is_title', 'length_log', 'position_log', 'question_words', 'corrected_share'],
    "mean": [0.308214, 1.99788, 2.90286, 0.252787, 0.212863, 0.293792, 0.378214, 0.0493364, 0.949687, 0.967533, 0.947801, 0.964955, 0.106797, 0.0467984, 0.0238521, 0.901519, 2.81764, 0.0458099, 0.0161415, 3.83915, 1.6313, 4.80091, 0.0236387],
    "scale": [0.218677, 0.559313, 0.959723, 0.173, 0.180817, 0.206297, 0.255659, 0.130799, 0.190697, 0.14679, 0.194747, 0.153784, 0.111104, 0.129896, 0.152588, 0.274621, 1.78019, 0.209073, 0.12602, 0.669116, 0.618504, 1.87212, 0.0878516],
    "weights": [0.295459, 0.516994, -0.868349, 0.159362, 0.112982, 1.0489, -0.858501, 0.04331, 0.496624, 0.23604, -0.145533, -0.526172, 0.0066142, -0.0800465, -0.0777667, -0.0298761, -1.12226, -0.746706, -0.837242, 0.340401, -0.312869, 0.480418, 0.00186268],
    "bias": -7.28136,
}
ANSWER_MODEL = {
    "features": ['bm25_rel', 'bm25_log', 'rank_log', 'cov_sent', 'cov_exact', 'cov_window', 'cov_article', 'cov_title', 'missing_max', 'missing_sentence_max', 'unexplained_max', 'unexplained_sentence_max', 'article_focus', 'subject_focus', 'subject_in_title', 'missing_article_max', 'missing_article_count', 'numbers_missing', 'is_title', 'length_log', 'position_log', 'question_words', 'corrected_share', 'typed_found', 'typed_missing'],
    "mean": [0.514187, 2.45698, 1.76954, 0.372485, 0.342103, 0.440759, 0.521713, 0.0999741, 0.878338, 0.920619, 0.872711, 0.912386, 0.162749, 0.0830457, 0.0528531, 0.800792, 1.97568, 0.0281572, 0.00243218, 3.89859, 1.56817, 4.43059, 0.029188, 0.119925, 0.396071],
    "scale": [0.255374, 0.542764, 0.846119, 0.221438, 0.226635, 0.250925, 0.281666, 0.193702, 0.29525, 0.235594, 0.302178, 0.24882, 0.148732, 0.168086, 0.22374, 0.374485, 1.5534, 0.165422, 0.0492571, 0.643058, 0.598846, 1.85914, 0.100011, 0.324874, 0.48908],
    "weights": [0.453493, 0.592665, -0.785154, 0.384543, -0.0278141, 1.20778, -0.980648, 0.180552, 0.563985, 0.484207, -0.0646032, -0.923248, -0.0903271, 0.0997997, -0.179202, 0.0116007, -0.858868, -0.660762, -0.344475, 0.319056, -0.121595, 0.342796, -0.036542, 0.0513694, -0.41238],
    "bias": -4.83978,
}
ANSWERABLE_MODEL = {
    "features": ['best_log_odds', 'best_gap', 'best_cov_sent', 'best_cov_window', 'best_cov_title', 'best_article_focus', 'best_subject_focus', 'best_subject_in_title', 'best_missing_max', 'best_missing_sentence_max', 'best_unexplained_max', 'best_unexplained_sentence_max', 'best_numbers_missing', 'best_typed_missing', 'pool_cov_article', 'pool_cov_title', 'pool_article_focus', 'pool_subject_focus', 'pool_subject_in_title', 'pool_missing_article_max', 'question_words', 'corrected_share'],
    "mean": [0.137363, 2.31684, 0.698394, 0.730706, 0.208772, 0.257627, 0.174985, 0.136853, 0.580233, 0.630912, 0.564914, 0.600144, 0.00969828, 0.289871, 0.794448, 0.244736, 0.284976, 0.254045, 0.161638, 0.475306, 4.34591, 0.0295761],
    "scale": [1.9613, 1.69686, 0.254197, 0.253881, 0.250907, 0.17224, 0.226391, 0.343693, 0.454029, 0.434079, 0.45739, 0.445586, 0.0980011, 0.453702, 0.224045, 0.239211, 0.158291, 0.23043, 0.368118, 0.449377, 1.87944, 0.10049],
    "weights": [2.18786, -0.343731, 0.180863, -0.000991643, 0.493884, 0.729814, -0.29049, 0.238182, -0.233195, 0.417909, -0.348909, 0.132693, -0.0340078, -0.0907531, 0.165621, 0.744225, -0.753219, 0.111158, 0.411921, 0.135511, -0.382737, -0.123027],
    "bias": 1.80687,
}
ANSWER_THRESHOLD = -2
HIT_THRESHOLD = -5.95
SHORT_ANSWER_THRESHOLD = 2.7
