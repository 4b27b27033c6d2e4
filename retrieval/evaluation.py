"""Scoring an answerer against a question set (``retrieval.eval_sets``).

Over answerable questions: top-1, top-3, top-10 and MRR@10 (a hit is correct when it comes from a
gold article and its sentence holds a gold evidence phrase, compared in normalized form), and the
share declined. Over unanswerable questions: the share declined.

Short answers, over questions with a gold short answer, from the top-1 hit only (what a user sees
in bold): EM and token F1 (SQuAD's definitions on Sanad's normalized text, with the article ال
dropped from each token as MLQA does for Arabic; a question given no short answer scores 0), F1
over the questions given one, the share given one, and the share of given ones that are right
(F1 at least ``RIGHT_F1``). ``answer_accuracy`` is the older, looser figure: the short answer
contains the gold one in at most ``MAX_ANSWER_WORDS`` words.

Conversations (``evaluate_conversations``) are asked turn by turn, each with the one before as its
context: the share of follow-ups answered from their gold sentence at top-1, and the share of
topic changes read as new questions and answered at top-1.

The leave-out check (``leave_out``) removes every ``LEAVE_OUT_EVERY``-th answered article from
the corpus and asks every answerable question again: the removed articles' questions should be
declined, the others should not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from retrieval.corpus import Corpus
from retrieval.eval_sets import Conversation, EvalQuestion
from retrieval.followup import FollowUpContext, leans_on_previous
from retrieval.letters import ALEF_LAM
from retrieval.normalize import normalize
from retrieval.question import analyze_question
from retrieval.results import Answer, Hit

EVAL_DEPTH = 10
LEAVE_OUT_EVERY = 4
# A short answer at least this close to a gold one (token F1) counts as right.
RIGHT_F1 = 0.5
# The looser figure kept from the first evaluation: gold contained in a short answer this short.
MAX_ANSWER_WORDS = 7


class Answerer(Protocol):
    """Anything that answers a question with ranked hits (the engine, the baselines)."""

    def answer(self, question: str, *, top_k: int) -> Answer: ...


class ContextualAnswerer(Protocol):
    """An answerer that takes the previous question of a conversation (the engine)."""

    def answer(
        self, question: str, *, top_k: int, context: FollowUpContext | None = None
    ) -> Answer: ...


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Retrieval and short-answer quality over a question set (see the module docstring)."""

    questions: int
    answerable: int
    unanswerable: int
    with_gold_answer: int
    top1: float
    top3: float
    top10: float
    mrr: float
    answerable_declined: float
    unanswerable_declined: float
    answer_em: float
    answer_f1: float
    answer_f1_given: float
    answer_given: float
    answer_right_given: float
    answer_accuracy: float
    # Questions whose gold sentence is not top-1, or that were answered when they should not be.
    misses: tuple[str, ...]
    # Questions with a gold short answer that the top-1 hit's short answer does not give.
    answer_misses: tuple[str, ...]

    @property
    def no_answer_accuracy(self) -> float:
        """The share of unanswerable questions declined (the first evaluation's name)."""
        return self.unanswerable_declined


@dataclass(frozen=True, slots=True)
class LeaveOutReport:
    """The leave-out check: how often questions are declined once their article is removed."""

    removed_articles: int
    removed_questions: int
    kept_questions: int
    removed_declined: float
    kept_declined: float


def gold_rank(question: EvalQuestion, answer: Answer) -> int | None:
    """The rank of the first correct hit, or None when no hit is correct."""
    if not question.answerable:
        return None
    return next((hit.rank for hit in answer.hits if is_gold(question, hit)), None)


def is_gold(question: EvalQuestion, hit: Hit) -> bool:
    """Whether the hit comes from a gold article and its sentence holds a gold phrase. A hit
    that stands for the same sentence in several papers counts when any of them is a gold
    article."""
    articles = {hit.doc_id, *(reprint.doc_id for reprint in hit.also)}
    if articles.isdisjoint(question.doc_ids):
        return False
    text = normalize(hit.snippet)
    return any(phrase and phrase in text for phrase in map(normalize, question.evidence))


def answer_tokens(text: str) -> list[str]:
    """Tokens compared by EM and F1: normalized words, the article ال dropped."""
    tokens = []
    for token in normalize(text).split():
        if token.startswith(ALEF_LAM) and len(token) > len(ALEF_LAM) + 1:
            token = token[len(ALEF_LAM) :]
        tokens.append(token)
    return tokens


def token_f1(prediction: str, gold: str) -> float:
    """SQuAD's token F1 between a predicted and a gold short answer."""
    predicted, expected = answer_tokens(prediction), answer_tokens(gold)
    if not predicted or not expected:
        return float(predicted == expected)
    common = sum((Counter(predicted) & Counter(expected)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(expected)
    return 2 * precision * recall / (precision + recall)


def best_f1(prediction: str, golds: Sequence[str]) -> float:
    return max((token_f1(prediction, gold) for gold in golds), default=0.0)


def exact_match(prediction: str, golds: Sequence[str]) -> bool:
    return any(answer_tokens(prediction) == answer_tokens(gold) for gold in golds)


def contains_gold(prediction: str, golds: Sequence[str]) -> bool:
    """The looser figure: a gold answer inside a short answer of at most MAX_ANSWER_WORDS."""
    if len(prediction.split()) > MAX_ANSWER_WORDS:
        return False
    return any(normalize(gold) in normalize(prediction) for gold in golds)


def gives_gold_answer(question: EvalQuestion, answer: Answer) -> bool:
    """Whether the top-1 hit's short answer contains a gold one, in few enough words."""
    short = _short_answer(answer)
    return short is not None and contains_gold(short, question.answers)


def evaluate(
    answerer: Answerer, questions: Sequence[EvalQuestion], *, depth: int = EVAL_DEPTH
) -> EvalReport:
    """Ask every question and score the answers (see the module docstring)."""
    answerable = [q for q in questions if q.answerable]
    unanswerable = [q for q in questions if not q.answerable]
    ranks: list[int | None] = []
    declined = 0
    misses: list[str] = []
    answer_misses: list[str] = []
    em = f1 = f1_given = 0.0
    given = right = contained = 0
    for question in answerable:
        answer = answerer.answer(question.question, top_k=depth)
        declined += not answer.found
        rank = gold_rank(question, answer)
        ranks.append(rank)
        if rank != 1:
            misses.append(question.question)
        if not question.answers:
            continue
        short = _short_answer(answer)
        if short is None:
            answer_misses.append(question.question)
            continue
        score = best_f1(short, question.answers)
        given += 1
        f1 += score
        f1_given += score
        right += score >= RIGHT_F1
        em += exact_match(short, question.answers)
        if contains_gold(short, question.answers):
            contained += 1
        else:
            answer_misses.append(question.question)
    unanswerable_declined = 0
    for question in unanswerable:
        if answerer.answer(question.question, top_k=depth).found:
            misses.append(question.question)
        else:
            unanswerable_declined += 1
    with_gold = sum(1 for q in answerable if q.answers)
    return EvalReport(
        questions=len(questions),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        with_gold_answer=with_gold,
        top1=_share(sum(r == 1 for r in ranks), len(answerable)),
        top3=_share(sum(r is not None and r <= 3 for r in ranks), len(answerable)),
        top10=_share(sum(r is not None and r <= 10 for r in ranks), len(answerable)),
        mrr=_share(sum(1 / r for r in ranks if r is not None), len(answerable)),
        answerable_declined=_share(declined, len(answerable)),
        unanswerable_declined=_share(unanswerable_declined, len(unanswerable)),
        answer_em=_share(em, with_gold),
        answer_f1=_share(f1, with_gold),
        answer_f1_given=_share(f1_given, given),
        answer_given=_share(given, with_gold),
        answer_right_given=_share(right, given),
        answer_accuracy=_share(contained, with_gold),
        misses=tuple(misses),
        answer_misses=tuple(answer_misses),
    )


def left_out_articles(
    questions: Sequence[EvalQuestion], fold: int = LEAVE_OUT_EVERY - 1
) -> frozenset[str]:
    """The articles the leave-out check removes: every LEAVE_OUT_EVERY-th article that answers a
    question, in the order the questions first name them, with every copy of its story (all the
    gold articles of its questions). ``fold`` picks which of each LEAVE_OUT_EVERY articles (the
    check uses the last; fitting uses them all)."""
    firsts = list(dict.fromkeys(q.doc_ids[0] for q in questions if q.answerable))
    chosen = set(firsts[fold::LEAVE_OUT_EVERY])
    return frozenset(
        doc_id for q in questions if q.answerable and q.doc_ids[0] in chosen for doc_id in q.doc_ids
    )


def without_articles(corpus: Corpus, removed: frozenset[str]) -> Corpus:
    """The corpus with the ``removed`` articles left out."""
    kept = tuple(document for document in corpus.documents if document.doc_id not in removed)
    return Corpus(root=corpus.root, documents=kept)


def leave_out(
    answerer: Answerer, questions: Sequence[EvalQuestion], removed: frozenset[str]
) -> LeaveOutReport:
    """Ask every answerable question of an answerer built without the ``removed`` articles."""
    gone = [q for q in questions if q.answerable and set(q.doc_ids) <= removed]
    kept = [q for q in questions if q.answerable and not set(q.doc_ids) & removed]
    gone_declined = sum(not answerer.answer(q.question, top_k=1).found for q in gone)
    kept_declined = sum(not answerer.answer(q.question, top_k=1).found for q in kept)
    return LeaveOutReport(
        removed_articles=len(removed),
        removed_questions=len(gone),
        kept_questions=len(kept),
        removed_declined=_share(gone_declined, len(gone)),
        kept_declined=_share(kept_declined, len(kept)),
    )


def _short_answer(answer: Answer) -> str | None:
    if not answer.found or not answer.hits:
        return None
    return answer.hits[0].answer


def _share(count: float, total: int) -> float:
    return count / total if total else 0.0


@dataclass(frozen=True, slots=True)
class ConversationReport:
    """Conversations asked turn by turn, each turn with the previous one as its context."""

    follow_ups: int
    follow_ups_top1: float
    topic_changes: int
    # Topic changes whose new question was read as new (not leaning on the previous one) and
    # answered from its gold sentence at top-1.
    topic_changes_handled: float
    misses: tuple[str, ...]


def evaluate_conversations(
    engine: ContextualAnswerer, conversations: Sequence[Conversation]
) -> ConversationReport:
    """Ask each conversation's turns in order, the previous question and the article of its
    first hit as each turn's context; score the turns after the first."""
    follow_ups = follow_up_hits = changes = changes_handled = 0
    misses: list[str] = []
    for conversation in conversations:
        context: FollowUpContext | None = None
        for position, turn in enumerate(conversation.turns):
            answer = engine.answer(turn.question, top_k=EVAL_DEPTH, context=context)
            if position > 0:
                correct = gold_rank(turn, answer) == 1
                if conversation.changes_topic:
                    changes += 1
                    new = not leans_on_previous(analyze_question(turn.question))
                    changes_handled += correct and new
                else:
                    follow_ups += 1
                    follow_up_hits += correct
                if not correct:
                    misses.append(turn.question)
            top = answer.hits[0].doc_id if answer.found else None
            # What a front end remembers of the turn (``bot.asking``): the question as the engine
            # read it (with the one it leaned on) and its answer's article.
            asked = f"{answer.followed} {turn.question}" if answer.followed else turn.question
            context = FollowUpContext(asked, top)
    return ConversationReport(
        follow_ups=follow_ups,
        follow_ups_top1=_share(follow_up_hits, follow_ups),
        topic_changes=changes,
        topic_changes_handled=_share(changes_handled, changes),
        misses=tuple(misses),
    )
