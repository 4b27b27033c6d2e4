"""Where the tests' data lives, and the question every layer is checked against."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT_ROOT / "seeds"
CONVERSATIONS = PROJECT_ROOT / "tests" / "data" / "conversations.jsonl"
QUESTIONS = PROJECT_ROOT / "tests" / "data" / "questions.jsonl"
SEEDS_HARD = PROJECT_ROOT / "tests" / "data" / "seeds_hard.jsonl"
MISSION_QUESTION = "متى اتفقا على الهدنة الإنسانية؟"
MISSION_DOC = "004_13ef93096cc37932"
# Its title, which the bot cites (internal ids stay out of messages).
MISSION_TITLE = "لافروف يبحث مع وزيري خارجية أرمينيا وأذربيجان الوضع في قره باغ"
