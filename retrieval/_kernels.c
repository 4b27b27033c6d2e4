/* The inverted index's inner loops in C: see retrieval/kernels.py, which checks every argument
 * (types, sizes, contiguity) before calling here, and retrieval/inverted.py for the method.
 *
 * Arrays arrive as buffers: sentence ids int32, offsets and list ids int64, counts unsigned of
 * `width` bytes (1, 2 or 4), floats double. Floating-point operations are written in the order
 * rank-bm25 evaluates them and built with -ffp-contract=off, so that no multiply-add is fused:
 * exact scores equal rank-bm25's bit for bit.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline double tf_at(const void *tfs, int width, int64_t i) {
    if (width == 1) return (double)((const uint8_t *)tfs)[i];
    if (width == 2) return (double)((const uint16_t *)tfs)[i];
    return (double)((const uint32_t *)tfs)[i];
}

static inline uint32_t count_at(const void *tfs, int width, int64_t i) {
    if (width == 1) return ((const uint8_t *)tfs)[i];
    if (width == 2) return ((const uint16_t *)tfs)[i];
    return ((const uint32_t *)tfs)[i];
}

/* ---- building ---------------------------------------------------------------------------- */

/* count_postings(term_ids, doc_len, offsets): offsets[t + 1] - offsets[t] becomes the number of
 * sentences holding term t (offsets: int64, terms + 1 slots, zero on entry). */
static PyObject *count_postings(PyObject *self, PyObject *args) {
    Py_buffer ids_b, len_b, off_b;
    if (!PyArg_ParseTuple(args, "y*y*w*", &ids_b, &len_b, &off_b)) return NULL;
    const int32_t *ids = ids_b.buf;
    const int32_t *doc_len = len_b.buf;
    int64_t *offsets = off_b.buf;
    int64_t docs = len_b.len / 4, terms = off_b.len / 8 - 1;
    int64_t *last = malloc((size_t)(terms > 0 ? terms : 1) * sizeof(int64_t));
    if (last == NULL) {
        PyBuffer_Release(&ids_b); PyBuffer_Release(&len_b); PyBuffer_Release(&off_b);
        return PyErr_NoMemory();
    }
    Py_BEGIN_ALLOW_THREADS
    for (int64_t t = 0; t < terms; t++) last[t] = -1;
    int64_t at = 0;
    for (int64_t doc = 0; doc < docs; doc++) {
        for (int32_t j = 0; j < doc_len[doc]; j++) {
            int32_t term = ids[at++];
            if (last[term] != doc) {
                last[term] = doc;
                offsets[term + 1]++;
            }
        }
    }
    for (int64_t t = 0; t < terms; t++) offsets[t + 1] += offsets[t];
    Py_END_ALLOW_THREADS
    free(last);
    PyBuffer_Release(&ids_b); PyBuffer_Release(&len_b); PyBuffer_Release(&off_b);
    Py_RETURN_NONE;
}

/* fill_postings(term_ids, doc_len, offsets, doc_ids, counts): each term's sentence ids, in
 * ascending order, and how often it occurs in each (counts: uint32, zero on entry). */
static PyObject *fill_postings(PyObject *self, PyObject *args) {
    Py_buffer ids_b, len_b, off_b, out_b, cnt_b;
    if (!PyArg_ParseTuple(args, "y*y*y*w*w*", &ids_b, &len_b, &off_b, &out_b, &cnt_b)) return NULL;
    const int32_t *ids = ids_b.buf;
    const int32_t *doc_len = len_b.buf;
    const int64_t *offsets = off_b.buf;
    int32_t *doc_ids = out_b.buf;
    uint32_t *counts = cnt_b.buf;
    int64_t docs = len_b.len / 4, terms = off_b.len / 8 - 1;
    int64_t *fill = malloc((size_t)(terms > 0 ? terms : 1) * sizeof(int64_t));
    if (fill == NULL) {
        PyBuffer_Release(&ids_b); PyBuffer_Release(&len_b); PyBuffer_Release(&off_b);
        PyBuffer_Release(&out_b); PyBuffer_Release(&cnt_b);
        return PyErr_NoMemory();
    }
    Py_BEGIN_ALLOW_THREADS
    for (int64_t t = 0; t < terms; t++) fill[t] = offsets[t];
    int64_t at = 0;
    for (int64_t doc = 0; doc < docs; doc++) {
        for (int32_t j = 0; j < doc_len[doc]; j++) {
            int32_t term = ids[at++];
            /* The term's last posting is this sentence's when it was met before in it. */
            if (fill[term] == offsets[term] || doc_ids[fill[term] - 1] != doc) {
                doc_ids[fill[term]++] = (int32_t)doc;
            }
            counts[fill[term] - 1]++;
        }
    }
    Py_END_ALLOW_THREADS
    free(fill);
    PyBuffer_Release(&ids_b); PyBuffer_Release(&len_b); PyBuffer_Release(&off_b);
    PyBuffer_Release(&out_b); PyBuffer_Release(&cnt_b);
    Py_RETURN_NONE;
}

/* term_bounds(offsets, doc_ids, tfs, width, norm, k1_plus_1, bounds): per term, the largest
 * tf * (k1 + 1) / (tf + norm) over its postings (0 for none). */
static PyObject *term_bounds(PyObject *self, PyObject *args) {
    Py_buffer off_b, ids_b, tfs_b, norm_b, out_b;
    int width;
    double k1p1;
    if (!PyArg_ParseTuple(args, "y*y*y*iy*dw*", &off_b, &ids_b, &tfs_b, &width, &norm_b, &k1p1,
                          &out_b))
        return NULL;
    const int64_t *offsets = off_b.buf;
    const int32_t *doc_ids = ids_b.buf;
    const double *norm = norm_b.buf;
    double *bounds = out_b.buf;
    int64_t terms = off_b.len / 8 - 1;
    Py_BEGIN_ALLOW_THREADS
    for (int64_t t = 0; t < terms; t++) {
        double best = 0.0;
        for (int64_t i = offsets[t]; i < offsets[t + 1]; i++) {
            double tf = tf_at(tfs_b.buf, width, i);
            double ratio = tf * k1p1 / (tf + norm[doc_ids[i]]);
            if (ratio > best) best = ratio;
        }
        bounds[t] = best;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&off_b); PyBuffer_Release(&ids_b); PyBuffer_Release(&tfs_b);
    PyBuffer_Release(&norm_b); PyBuffer_Release(&out_b);
    Py_RETURN_NONE;
}

/* list_hashes(offsets, doc_ids, tfs, width, hashes): a 64-bit FNV-1a hash of each term's
 * postings (sentence ids and counts). */
static PyObject *list_hashes(PyObject *self, PyObject *args) {
    Py_buffer off_b, ids_b, tfs_b, out_b;
    int width;
    if (!PyArg_ParseTuple(args, "y*y*y*iw*", &off_b, &ids_b, &tfs_b, &width, &out_b)) return NULL;
    const int64_t *offsets = off_b.buf;
    const int32_t *doc_ids = ids_b.buf;
    uint64_t *hashes = out_b.buf;
    int64_t terms = off_b.len / 8 - 1;
    Py_BEGIN_ALLOW_THREADS
    for (int64_t t = 0; t < terms; t++) {
        uint64_t value = 14695981039346656037ULL;
        for (int64_t i = offsets[t]; i < offsets[t + 1]; i++) {
            value = (value ^ (uint64_t)(uint32_t)doc_ids[i]) * 1099511628211ULL;
            value = (value ^ (uint64_t)count_at(tfs_b.buf, width, i)) * 1099511628211ULL;
        }
        hashes[t] = value;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&off_b); PyBuffer_Release(&ids_b); PyBuffer_Release(&tfs_b);
    PyBuffer_Release(&out_b);
    Py_RETURN_NONE;
}

/* same_lists(order, hashes, offsets, doc_ids, tfs, width, same): for each term, the first term
 * (in `order`, the terms sorted by hash) whose postings equal its own, compared in full; `same`
 * holds each term's own id on entry. */
static PyObject *same_lists(PyObject *self, PyObject *args) {
    Py_buffer ord_b, hash_b, off_b, ids_b, tfs_b, out_b;
    int width;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*iw*", &ord_b, &hash_b, &off_b, &ids_b, &tfs_b, &width,
                          &out_b))
        return NULL;
    const int64_t *order = ord_b.buf;
    const uint64_t *hashes = hash_b.buf;
    const int64_t *offsets = off_b.buf;
    const int32_t *doc_ids = ids_b.buf;
    int32_t *same = out_b.buf;
    int64_t count = ord_b.len / 8, group = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int64_t j = 1; j < count; j++) {
        int64_t term = order[j], first = order[group];
        if (hashes[term] != hashes[first]) {
            group = j;
            continue;
        }
        int64_t start = offsets[term], end = offsets[term + 1], other = offsets[first];
        int equal = end - start == offsets[first + 1] - other;
        for (int64_t i = 0; equal && start + i < end; i++) {
            equal = doc_ids[start + i] == doc_ids[other + i] &&
                    count_at(tfs_b.buf, width, start + i) == count_at(tfs_b.buf, width, other + i);
        }
        if (equal) same[term] = (int32_t)first;
        else group = j; /* a hash collision: this list starts a group of its own */
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&ord_b); PyBuffer_Release(&hash_b); PyBuffer_Release(&off_b);
    PyBuffer_Release(&ids_b); PyBuffer_Release(&tfs_b); PyBuffer_Release(&out_b);
    Py_RETURN_NONE;
}

/* sentence_lengths(doc_ids, tfs, width, lengths): lengths[d] += each count of sentence d
 * (lengths: int64, zero on entry). Returns False, having stopped, at an id outside lengths. */
static PyObject *sentence_lengths(PyObject *self, PyObject *args) {
    Py_buffer ids_b, tfs_b, out_b;
    int width;
    if (!PyArg_ParseTuple(args, "y*y*iw*", &ids_b, &tfs_b, &width, &out_b)) return NULL;
    const int32_t *ids = ids_b.buf;
    int64_t *lengths = out_b.buf;
    int64_t count = ids_b.len / 4, sentences = out_b.len / 8;
    int ok = 1;
    Py_BEGIN_ALLOW_THREADS
    for (int64_t i = 0; i < count; i++) {
        int32_t doc = ids[i];
        if (doc < 0 || doc >= sentences) {
            ok = 0;
            break;
        }
        lengths[doc] += count_at(tfs_b.buf, width, i);
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&ids_b); PyBuffer_Release(&tfs_b); PyBuffer_Release(&out_b);
    return PyBool_FromLong(ok);
}

/* dense_lists(offsets, doc_ids, lists, bits, ranks): for each of `lists`, a bitmap of its
 * sentences (`words` uint64 words each, one bit per sentence, all zero on entry) and, for each
 * word, how many of the list's sentences come before it (uint32, as many slots as words). */
static PyObject *dense_lists(PyObject *self, PyObject *args) {
    Py_buffer off_b, ids_b, lists_b, bits_b, ranks_b;
    if (!PyArg_ParseTuple(args, "y*y*y*w*w*", &off_b, &ids_b, &lists_b, &bits_b, &ranks_b))
        return NULL;
    const int64_t *offsets = off_b.buf;
    const int32_t *doc_ids = ids_b.buf;
    const int64_t *lists = lists_b.buf;
    uint64_t *bits = bits_b.buf;
    uint32_t *ranks = ranks_b.buf;
    int64_t count = lists_b.len / 8;
    int64_t words = count > 0 ? bits_b.len / 8 / count : 0;
    Py_BEGIN_ALLOW_THREADS
    for (int64_t j = 0; j < count; j++) {
        uint64_t *row = bits + j * words;
        uint32_t *rank = ranks + j * words;
        for (int64_t i = offsets[lists[j]]; i < offsets[lists[j] + 1]; i++)
            row[doc_ids[i] >> 6] |= (uint64_t)1 << (doc_ids[i] & 63);
        uint32_t total = 0;
        for (int64_t w = 0; w < words; w++) {
            rank[w] = total;
            total += (uint32_t)__builtin_popcountll(row[w]);
        }
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&off_b); PyBuffer_Release(&ids_b); PyBuffer_Release(&lists_b);
    PyBuffer_Release(&bits_b); PyBuffer_Release(&ranks_b);
    Py_RETURN_NONE;
}

/* impacts(offsets, doc_ids, tfs, width, norm, k1_plus_1, bounds, impacts) -> the smallest
 * ratio: each posting's tf * (k1 + 1) / (tf + norm) as a share of its term's bound, in 255ths
 * rounded down (uint8), so that (impact / 255) * bound never exceeds the ratio. */
static PyObject *impacts(PyObject *self, PyObject *args) {
    Py_buffer off_b, ids_b, tfs_b, norm_b, bounds_b, out_b;
    int width;
    double k1p1;
    if (!PyArg_ParseTuple(args, "y*y*y*iy*dy*w*", &off_b, &ids_b, &tfs_b, &width, &norm_b, &k1p1,
                          &bounds_b, &out_b))
        return NULL;
    const int64_t *offsets = off_b.buf;
    const int32_t *doc_ids = ids_b.buf;
    const double *norm = norm_b.buf;
    const double *bounds = bounds_b.buf;
    uint8_t *out = out_b.buf;
    int64_t terms = off_b.len / 8 - 1;
    double smallest = INFINITY;
    Py_BEGIN_ALLOW_THREADS
    for (int64_t t = 0; t < terms; t++) {
        double scale = bounds[t] > 0.0 ? 255.0 / bounds[t] : 0.0;
        for (int64_t i = offsets[t]; i < offsets[t + 1]; i++) {
            double tf = tf_at(tfs_b.buf, width, i);
            double ratio = tf * k1p1 / (tf + norm[doc_ids[i]]);
            double share = ratio * scale; /* not negative: truncation rounds it down */
            out[i] = share >= 255.0 ? 255 : (uint8_t)share;
            if (ratio < smallest) smallest = ratio;
        }
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&off_b); PyBuffer_Release(&ids_b); PyBuffer_Release(&tfs_b);
    PyBuffer_Release(&norm_b); PyBuffer_Release(&bounds_b); PyBuffer_Release(&out_b);
    return PyFloat_FromDouble(smallest);
}

/* ---- searching --------------------------------------------------------------------------- */

/* The min-heap (values, docs) of the top_k best partial scores: restore its order below `at`
 * after values[at] grew. */
static void sift_down(double *values, int32_t *docs, int64_t size, int64_t at) {
    for (;;) {
        int64_t child = 2 * at + 1;
        if (child >= size) return;
        if (child + 1 < size && values[child + 1] < values[child]) child++;
        if (values[at] <= values[child]) return;
        double v = values[at]; values[at] = values[child]; values[child] = v;
        int32_t d = docs[at]; docs[at] = docs[child]; docs[child] = d;
        at = child;
    }
}

/* Note that doc's partial score rose to value; called only when the heap is not full or value
 * beats its smallest entry. Returns the heap's size. */
static int64_t offer(double *values, int32_t *docs, int64_t size, int64_t top_k, int32_t doc,
                     double value, uint8_t *in_heap) {
    if (in_heap[doc]) {
        for (int64_t at = 0; at < size; at++) {
            if (docs[at] == doc) {
                values[at] = value;
                sift_down(values, docs, size, at);
                return size;
            }
        }
    }
    if (size < top_k) {
        int64_t at = size;
        values[at] = value;
        docs[at] = doc;
        in_heap[doc] = 1;
        while (at > 0) {
            int64_t parent = (at - 1) >> 1;
            if (values[parent] <= values[at]) break;
            double v = values[at]; values[at] = values[parent]; values[parent] = v;
            int32_t d = docs[at]; docs[at] = docs[parent]; docs[parent] = d;
            at = parent;
        }
        return size + 1;
    }
    in_heap[docs[0]] = 0;
    values[0] = value;
    docs[0] = doc;
    in_heap[doc] = 1;
    sift_down(values, docs, size, 0);
    return size;
}

/* The first position from `at` on (`end` at most) whose sentence id is doc or more: steps of
 * 1, 2, 4, ... then a binary search. */
static inline int64_t gallop(const int32_t *doc_ids, int64_t at, int64_t end, int32_t doc) {
    if (at >= end || doc_ids[at] >= doc) return at;
    int64_t low = at, high, step = 1;
    for (;;) {
        high = low + step;
        if (high >= end) { high = end; break; }
        if (doc_ids[high] >= doc) break;
        low = high;
        step <<= 1;
    }
    low++;
    while (low < high) {
        int64_t middle = (low + high) >> 1;
        if (doc_ids[middle] < doc) low = middle + 1;
        else high = middle;
    }
    return low;
}

/* The position of doc in the ascending doc_ids[start:end], or -1. */
static inline int64_t find(const int32_t *doc_ids, int64_t start, int64_t end, int32_t doc) {
    int64_t low = start, high = end;
    while (low < high) {
        int64_t middle = (low + high) >> 1;
        if (doc_ids[middle] < doc) low = middle + 1;
        else high = middle;
    }
    return low < end && doc_ids[low] == doc ? low : -1;
}

/* Sort non-negative int32 ids ascending: three passes of 11 bits (LSD radix); `temp` has as
 * many slots. */
static void sort_ids(int32_t *ids, int32_t *temp, int64_t count) {
    int64_t histogram[2048];
    int32_t *from = ids, *to = temp;
    for (int shift = 0; shift < 33; shift += 11) {
        memset(histogram, 0, sizeof(histogram));
        for (int64_t i = 0; i < count; i++) histogram[((uint32_t)from[i] >> shift) & 2047]++;
        int64_t total = 0;
        for (int b = 0; b < 2048; b++) {
            int64_t c = histogram[b];
            histogram[b] = total;
            total += c;
        }
        for (int64_t i = 0; i < count; i++) to[histogram[((uint32_t)from[i] >> shift) & 2047]++] = from[i];
        int32_t *swap = from; from = to; to = swap;
    }
    if (from != ids) memcpy(ids, from, (size_t)count * sizeof(int32_t));
}

typedef struct {
    const int64_t *offsets;
    const int32_t *doc_ids;
    const void *tfs;
    int width;
    const double *norm;
    double k1p1;
    /* The long lists as bitmaps: group g's list is row group_dense[g] (-1: none) of `dense`,
     * `words` words a row, and ranks[row * words + w] its sentences before word w. */
    const int64_t *group_dense;
    const uint64_t *dense;
    const uint32_t *ranks;
    int64_t words;
    /* Each posting's ratio in 255ths of its term's bound, rounded down, and the smallest ratio
     * of any posting: lists read whole add these lower bounds, not the ratios. */
    const uint8_t *impacts;
    double smallest;
} Postings;

static inline __attribute__((always_inline)) double ratio(const Postings *p, int width,
                                                          int64_t at, int32_t doc) {
    double tf = tf_at(p->tfs, width, at);
    return tf * p->k1p1 / (tf + p->norm[doc]);
}

/* table[q]: what a posting of impact q adds at least to a sentence for a list of this weight and
 * bound, max(q / 255 * bound, smallest ratio * weight); it adds less than (q + 1) / 255 * bound,
 * so at most the returned step more. One lookup instead of a ratio, whose norm is a read at
 * random. */
static double impact_table(double *table, const Postings *p, double weight, double bound) {
    double step = bound / 255.0, least = weight * p->smallest;
    for (int q = 0; q < 256; q++) table[q] = q * step > least ? q * step : least;
    return step;
}

/* At most this many trailing bitmap lists are added sentence by sentence. */
#define DENSE_TAIL 64

/* Add the last `count` unread lists, all bitmaps, to each candidate in turn: what they can
 * still add to a sentence is the sum of the bounds of those that hold it (one bit each, from
 * bitmaps that stay in cache), so a candidate is dropped before any of its counts is read when
 * that cannot reach the k-th best score, and as soon as it no longer can while they are added;
 * its length norm is read once for all of them. The k-th best score rises as candidates are
 * completed. Returns the number of candidates kept at the front of `alive`, each with its
 * partial score complete. */
static inline __attribute__((always_inline)) int64_t add_dense_tail(
    const Postings *p, const int64_t *lists, const int64_t *dense_rows,
    const double *weights, const double *bounds, int64_t count, double err, double slack,
    int32_t *alive, int64_t live, double *partial, double *heap_values, int32_t *heap_docs,
    int64_t *size, int64_t top_k, uint8_t *in_heap, uint64_t *bits, double *tables,
    double *err_out) {
    const uint64_t *rows[DENSE_TAIL];
    const uint32_t *ranks[DENSE_TAIL];
    int64_t starts[DENSE_TAIL];
    for (int64_t j = 0; j < count; j++) {
        rows[j] = p->dense + dense_rows[j] * p->words;
        ranks[j] = p->ranks + dense_rows[j] * p->words;
        starts[j] = p->offsets[lists[j]];
    }
    double rest = err, steps[DENSE_TAIL];
    for (int64_t j = 0; j < count; j++) {
        rest += bounds[j];
        steps[j] = impact_table(tables + 256 * j, p, weights[j], bounds[j]);
        *err_out += steps[j];
    }
    int64_t kept = 0;
    for (int64_t i = 0; i < live; i++) {
        int32_t doc = alive[i];
        double value = partial[doc], bound = value + err;
        double threshold = *size == top_k ? heap_values[0] : 0.0;
        /* First as if every list held it: no bitmap read for most candidates. */
        if (value + rest < threshold - slack * (threshold + value + rest)) goto drop;
        int64_t word_at = doc >> 6;
        uint64_t bit = (uint64_t)1 << (doc & 63);
        uint64_t holds = 0;
        for (int64_t j = 0; j < count; j++) {
            if (rows[j][word_at] & bit) {
                holds |= (uint64_t)1 << j;
                bound += bounds[j];
            }
        }
        if (bound < threshold - slack * (threshold + bound)) goto drop;
        int dropped = 0;
        for (; holds != 0; holds &= holds - 1) {
            int j = __builtin_ctzll(holds);
            uint64_t below = rows[j][word_at] & (bit - 1);
            int64_t at = starts[j] + ranks[j][word_at] + __builtin_popcountll(below);
            double added = tables[256 * j + p->impacts[at]];
            value += added;
            bound -= bounds[j] - added - steps[j];
            if (bound < threshold - slack * (threshold + bound)) {
                dropped = 1;
                break;
            }
        }
        if (!dropped) {
            partial[doc] = value;
            if (*size < top_k || value > heap_values[0])
                *size = offer(heap_values, heap_docs, *size, top_k, doc, value, in_heap);
            alive[kept++] = doc;
            continue;
        }
    drop: /* left as the caller gave it, while its cache line is at hand */
        partial[doc] = 0.0;
        bits[doc >> 6] &= ~((uint64_t)1 << (doc & 63));
    }
    return kept;
}

/* The core of search(), without the GIL: returns the number of sentences kept in alive/exact,
 * or -1 when memory ran out. Inlined once per counts width, so that the hot loops read counts
 * of a known width. */
static inline __attribute__((always_inline)) int64_t search_core(const Postings *p, int width, const int64_t *query_lists, const double *query_idf,
                           int64_t terms, const int64_t *group_lists, const double *group_weights,
                           const double *group_bounds, int64_t groups, int64_t top_k, double slack,
                           double *partial, int32_t *touched, uint8_t *in_heap, uint64_t *bits,
                           int32_t **alive_out,
                           double **exact_out) {
    const int32_t *doc_ids = p->doc_ids;
    const int64_t *offsets = p->offsets;
    double *unread = malloc((size_t)(groups + 1) * sizeof(double));
    double *heap_values = malloc((size_t)top_k * sizeof(double));
    int32_t *heap_docs = malloc((size_t)top_k * sizeof(int32_t));
    int32_t *alive = NULL, *temp = NULL;
    double *tables = NULL;
    double *exact = NULL;
    int64_t size = 0, found = 0, stop = groups, live = 0, kept = 0;
    if (unread == NULL || heap_values == NULL || heap_docs == NULL) goto fail;
    unread[groups] = 0.0;
    for (int64_t g = groups - 1; g >= 0; g--) unread[g] = unread[g + 1] + group_bounds[g];

    /* What the lists read whole may add beyond the lower bounds their impacts give. */
    double err = 0.0;
    double table[256];
    /* Lists are read whole, best bound first, until the k-th best partial score beats what the
     * unread lists could add to a sentence none of the read ones holds. */
    for (int64_t g = 0; g < groups; g++) {
        if (size == top_k && heap_values[0] > unread[g] * (1 + 2 * slack)) {
            stop = g;
            break;
        }
        int64_t list = group_lists[g];
        double weight = group_weights[g];
        err += impact_table(table, p, weight, group_bounds[g]);
        int64_t row = p->group_dense[g];
        if (row >= 0) {
            /* A long list's sentences from its bitmap: an eighth of the bytes of its ids when
             * it holds more than one sentence in 16; counts in the same order. */
            const uint64_t *words = p->dense + row * p->words;
            int64_t i = offsets[list];
            for (int64_t w = 0; w < p->words; w++) {
                for (uint64_t x = words[w]; x != 0; x &= x - 1, i++) {
                    int32_t doc = (int32_t)((w << 6) | __builtin_ctzll(x));
                    double value = partial[doc];
                    touched[found] = doc;
                    found += value == 0.0;
                    value += table[p->impacts[i]];
                    partial[doc] = value;
                    if (size < top_k || value > heap_values[0])
                        size = offer(heap_values, heap_docs, size, top_k, doc, value, in_heap);
                }
            }
            continue;
        }
        for (int64_t i = offsets[list]; i < offsets[list + 1]; i++) {
            int32_t doc = doc_ids[i];
            double value = partial[doc];
            /* A sentence first met (contributions are all positive) is noted without a branch,
             * which would be mispredicted for a fair share of a list's sentences. */
            touched[found] = doc;
            found += value == 0.0;
            value += table[p->impacts[i]];
            partial[doc] = value;
            if (size < top_k || value > heap_values[0])
                size = offer(heap_values, heap_docs, size, top_k, doc, value, in_heap);
        }
    }

    /* The unread lists are added one at a time to the candidates that can still reach the k-th
     * best score (a dropped one's partial score is reset to 0): a list is walked whole while the
     * candidates are many beside it; once they are few, they are sorted by id once and merged
     * with each list by galloping. */
    alive = malloc((size_t)(found + 1) * sizeof(int32_t));
    if (alive == NULL) goto fail;
    int ascending = 0;
    /* From `tail` on, every unread list is a bitmap: those are added sentence by sentence. */
    int64_t tail = groups;
    while (tail > stop && groups - tail < DENSE_TAIL && p->group_dense[tail - 1] >= 0) tail--;
    for (int64_t g = stop; g <= groups; g++) {
        double threshold = size == top_k ? heap_values[0] : 0.0;
        double rest = unread[g] + err;
        double floor = threshold - slack * (threshold + rest) - rest;
        if (g == stop) {
            for (int64_t i = 0; i < found; i++) {
                int32_t doc = touched[i];
                if (partial[doc] >= floor) {
                    alive[live++] = doc;
                    bits[doc >> 6] |= (uint64_t)1 << (doc & 63);
                } else {
                    partial[doc] = 0.0; /* as given, now that nothing adds to it */
                }
            }
        } else if (g < tail && g < groups &&
                   live < offsets[group_lists[g] + 1] - offsets[group_lists[g]]) {
            /* Dropping candidates costs a read of each one's partial score: worth it only
             * before a list longer than they are many (which they may be merged with by
             * galloping). The bitmap tail and the end drop them anyway. */
            int64_t k = 0;
            for (int64_t i = 0; i < live; i++) {
                int32_t doc = alive[i];
                if (partial[doc] >= floor) {
                    alive[k++] = doc;
                } else {
                    partial[doc] = 0.0; /* as given, now that nothing adds to it */
                    bits[doc >> 6] &= ~((uint64_t)1 << (doc & 63));
                }
            }
            live = k;
        }
        if (g == groups || live == 0) break;
        if (g >= tail) {
            tables = malloc((size_t)(groups - g) * 256 * sizeof(double));
            if (tables == NULL) goto fail;
            live = add_dense_tail(p, group_lists + g, p->group_dense + g, group_weights + g,
                                  group_bounds + g, groups - g, err, slack, alive, live, partial,
                                  heap_values, heap_docs, &size, top_k, in_heap, bits, tables,
                                  &err);
            break;
        }
        int64_t list = group_lists[g], start = offsets[list], end = offsets[list + 1];
        err += impact_table(table, p, group_weights[g], group_bounds[g]);
        int64_t row = p->group_dense[g];
        if (row >= 0) {
            /* Each candidate's bit in the list's bitmap (cache-resident), and its position in
             * the list from the ranks: the list's ids are not read. */
            const uint64_t *words = p->dense + row * p->words;
            const uint32_t *ranks = p->ranks + row * p->words;
            for (int64_t i = 0; i < live; i++) {
                int32_t doc = alive[i];
                uint64_t word = words[doc >> 6];
                if ((word >> (doc & 63)) & 1) {
                    uint64_t below = word & (((uint64_t)1 << (doc & 63)) - 1);
                    int64_t at = start + ranks[doc >> 6] + __builtin_popcountll(below);
                    double value = partial[doc] + table[p->impacts[at]];
                    partial[doc] = value;
                    if (size < top_k || value > heap_values[0])
                        size = offer(heap_values, heap_docs, size, top_k, doc, value, in_heap);
                }
            }
            continue;
        }
        double gallop_cost = live * (2.0 * log2((double)(end - start) / (live + 1.0) + 1.0) + 2.0);
        if (!ascending && gallop_cost + 3.0 * live + 6144.0 < (double)(end - start)) {
            if (temp == NULL) {
                temp = malloc((size_t)(live + 1) * sizeof(int32_t));
                if (temp == NULL) goto fail;
            }
            sort_ids(alive, temp, live);
            ascending = 1;
        }
        if (ascending && gallop_cost < (double)(end - start)) {
            int64_t at = start;
            for (int64_t i = 0; i < live; i++) {
                int32_t doc = alive[i];
                at = gallop(doc_ids, at, end, doc);
                if (at == end) break;
                if (doc_ids[at] == doc) {
                    double value = partial[doc] + table[p->impacts[at]];
                    partial[doc] = value;
                    if (size < top_k || value > heap_values[0])
                        size = offer(heap_values, heap_docs, size, top_k, doc, value, in_heap);
                }
            }
        } else {
            /* Whether a sentence is a candidate is read from a bitmap (128 KB at 1M sentences,
             * cache-resident) rather than from its partial score (8 MB). */
            for (int64_t at = start; at < end; at++) {
                int32_t doc = doc_ids[at];
                if ((bits[doc >> 6] >> (doc & 63)) & 1) {
                    double value = partial[doc] + table[p->impacts[at]];
                    partial[doc] = value;
                    if (size < top_k || value > heap_values[0])
                        size = offer(heap_values, heap_docs, size, top_k, doc, value, in_heap);
                }
            }
        }
    }

    /* Only sentences that can tie the k-th score are scored exactly, term by term in query
     * order, as rank-bm25 adds them. */
    double threshold = size == top_k ? heap_values[0] : 0.0;
    for (int64_t i = 0; i < live; i++) {
        int32_t doc = alive[i];
        if (partial[doc] + err >= threshold - slack * (threshold + err)) alive[kept++] = doc;
        /* Dropped candidates were reset as they went: only these are left to reset. */
        partial[doc] = 0.0;
        bits[doc >> 6] = 0;
    }
    for (int64_t i = 0; i < size; i++) in_heap[heap_docs[i]] = 0;
    exact = malloc((size_t)(kept + 1) * sizeof(double));
    if (exact == NULL) goto fail;
    for (int64_t i = 0; i < kept; i++) {
        int32_t doc = alive[i];
        double total = 0.0;
        for (int64_t t = 0; t < terms; t++) {
            int64_t list = query_lists[t];
            int64_t at = find(doc_ids, offsets[list], offsets[list + 1], doc);
            if (at >= 0) total += query_idf[t] * ratio(p, width, at, doc);
        }
        exact[i] = total;
    }
    free(unread); free(heap_values); free(heap_docs); free(temp); free(tables);
    *alive_out = alive;
    *exact_out = exact;
    return kept;
fail:
    /* Leave the scratch arrays as the caller gave them. */
    for (int64_t i = 0; i < found; i++) {
        partial[touched[i]] = 0.0;
        bits[touched[i] >> 6] = 0;
    }
    if (heap_docs != NULL)
        for (int64_t i = 0; i < size; i++) in_heap[heap_docs[i]] = 0;
    free(unread); free(heap_values); free(heap_docs); free(alive); free(temp); free(exact);
    free(tables);
    return -1;
}

#define SEARCH_OF_WIDTH(NAME, WIDTH)                                                            \
    static int64_t NAME(const Postings *p, Py_buffer *b, int64_t top_k, double slack,           \
                        int32_t **alive, double **exact) {                                      \
        return search_core(p, WIDTH, b[4].buf, b[5].buf, b[4].len / 8, b[6].buf, b[7].buf,     \
                           b[8].buf, b[6].len / 8, top_k, slack, b[9].buf, b[10].buf,          \
                           b[11].buf, b[12].buf, alive, exact);                                \
    }
SEARCH_OF_WIDTH(search_u8, 1)
SEARCH_OF_WIDTH(search_u16, 2)
SEARCH_OF_WIDTH(search_u32, 4)

/* search(offsets, doc_ids, tfs, width, norm, k1_plus_1, query_lists, query_idf, group_lists,
 *        group_weights, group_bounds, top_k, slack, partial, touched, in_heap, bits,
 *        group_dense, dense, ranks, words, impacts, smallest)
 * -> (ids as int32 bytes, exact scores as float64 bytes): see kernels.search. */
static PyObject *search(PyObject *self, PyObject *args) {
    Py_buffer b[17];
    int width;
    double k1p1, slack;
    Py_ssize_t top_k, words;
    double smallest;
    if (!PyArg_ParseTuple(args, "y*y*y*iy*dy*y*y*y*y*ndw*w*w*w*y*y*y*ny*d", &b[0], &b[1], &b[2],
                          &width, &b[3], &k1p1, &b[4], &b[5], &b[6], &b[7], &b[8], &top_k, &slack,
                          &b[9], &b[10], &b[11], &b[12], &b[13], &b[14], &b[15], &words, &b[16],
                          &smallest))
        return NULL;
    Postings p = {b[0].buf, b[1].buf, b[2].buf, width, b[3].buf, k1p1,
                  b[13].buf, b[14].buf, b[15].buf, words, b[16].buf, smallest};
    int32_t *alive = NULL;
    double *exact = NULL;
    int64_t kept;
    Py_BEGIN_ALLOW_THREADS
    kept = width == 1   ? search_u8(&p, b, top_k, slack, &alive, &exact)
           : width == 2 ? search_u16(&p, b, top_k, slack, &alive, &exact)
                        : search_u32(&p, b, top_k, slack, &alive, &exact);
    Py_END_ALLOW_THREADS
    for (int i = 0; i < 17; i++) PyBuffer_Release(&b[i]);
    if (kept < 0) return PyErr_NoMemory();
    PyObject *result = Py_BuildValue("y#y#", (const char *)alive, (Py_ssize_t)(kept * 4),
                                     (const char *)exact, (Py_ssize_t)(kept * 8));
    free(alive);
    free(exact);
    return result;
}

static PyMethodDef methods[] = {
    {"count_postings", count_postings, METH_VARARGS, "Count each term's sentences."},
    {"fill_postings", fill_postings, METH_VARARGS, "Fill each term's postings."},
    {"term_bounds", term_bounds, METH_VARARGS, "Each term's largest BM25 ratio."},
    {"list_hashes", list_hashes, METH_VARARGS, "A hash of each term's postings."},
    {"same_lists", same_lists, METH_VARARGS, "Terms whose postings are identical."},
    {"sentence_lengths", sentence_lengths, METH_VARARGS, "Each sentence's count of terms."},
    {"dense_lists", dense_lists, METH_VARARGS, "Bitmaps and ranks of long lists."},
    {"impacts", impacts, METH_VARARGS, "Each posting's ratio in 255ths of its bound."},
    {"search", search, METH_VARARGS, "Max-score top-k candidates and their exact scores."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_kernels", "The inverted index's inner loops (see kernels.py).", -1,
    methods,
};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
