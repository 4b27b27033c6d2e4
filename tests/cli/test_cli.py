import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sanad.cli import chat, main
from tests.support.paths import MISSION_DOC, MISSION_QUESTION, PROJECT_ROOT, QUESTIONS

CONTRACT_KEYS = {"version", "question", "found", "answers"}
ANSWER_KEYS = {
    *("rank", "snippet", "answer", "answer_date", "doc_id", "title", "sentence", "score"),
    *("source", "published", "url", "author", "also"),
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No .env and no SANAD_* settings leak in from the developer's machine."""
    monkeypatch.chdir(tmp_path)
    for variable in ("SANAD_CORPUS", "SANAD_TOP_K", "LOG_LEVEL", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("SANAD_CORPUS", str(PROJECT_ROOT / "seeds"))


def run(argv, capsys, stdin: str = ""):
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(argv)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_prints_snippet_and_citation(capsys):
    code, out, _ = run(["ask", MISSION_QUESTION], capsys)
    assert code == 0
    assert "18 تشرين الأول/أكتوبر" in out
    assert f"{MISSION_DOC}، الجملة 11" in out


def test_ask_declines_honestly(capsys):
    code, out, _ = run(["ask", "ما هي عاصمة اليابان؟"], capsys)
    assert code == 0
    assert "لم أجد إجابة في المصادر" in out


def test_ask_json_is_exactly_the_contract(capsys):
    code, out, _ = run(["ask", "--json", "--top-k", "2", MISSION_QUESTION], capsys)
    record = json.loads(out)
    assert code == 0
    assert set(record) == CONTRACT_KEYS
    assert record["version"] == 2
    assert record["question"] == MISSION_QUESTION
    assert record["found"] is True
    assert 1 <= len(record["answers"]) <= 2
    first = record["answers"][0]
    assert set(first) == ANSWER_KEYS
    assert (first["rank"], first["doc_id"], first["sentence"]) == (1, MISSION_DOC, 11)
    assert isinstance(first["score"], float)
    assert first["answer"] is None or first["answer"] in first["snippet"]
    # The seed has no header block: its metadata is unknown, and null.
    assert [first[key] for key in ("source", "published", "url", "author")] == [None] * 4
    assert (first["answer_date"], first["also"]) == (None, [])


def test_ask_json_reads_stdin_as_json_lines_in_order(capsys):
    stdin = f"{MISSION_QUESTION}\n\nما هي عاصمة اليابان؟\n"
    code, out, _ = run(["ask", "--json"], capsys, stdin)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["question"] for r in records] == [MISSION_QUESTION, "", "ما هي عاصمة اليابان؟"]
    assert [r["found"] for r in records] == [True, False, False]
    assert records[1]["answers"] == [] and records[2]["answers"] == []


def test_ask_without_question_or_json_is_a_usage_error(capsys):
    code, _, err = run(["ask"], capsys)
    assert code == 2
    assert "give a QUESTION" in err


def test_missing_corpus_exits_2_with_one_line_naming_it(capsys, tmp_path):
    code, out, err = run(["ask", "--corpus", str(tmp_path / "none"), "سؤال"], capsys)
    assert code == 2
    assert out == ""
    assert err.strip().count("\n") == 0
    assert str(tmp_path / "none") in err


@pytest.mark.parametrize("value", ["0", "abc", "-2", "999"])
def test_bad_top_k_is_a_usage_error(capsys, monkeypatch, value):
    monkeypatch.setenv("SANAD_TOP_K", value)
    code, _, err = run(["ask", MISSION_QUESTION], capsys)
    assert code == 2
    assert "SANAD_TOP_K" in err


def test_top_k_option_overrides_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("SANAD_TOP_K", "abc")
    code, out, _ = run(["ask", "--json", "--top-k", "1", MISSION_QUESTION], capsys)
    assert code == 0
    assert len(json.loads(out)["answers"]) == 1


def test_chat_answers_each_piped_line_and_handles_commands(engine):
    stdin = io.StringIO(f"{MISSION_QUESTION}\n/sources\n\n/quit\nلن يُقرأ\n")
    stdout = io.StringIO()
    assert chat(engine, top_k=1, stdin=stdin, stdout=stdout) == 0
    text = stdout.getvalue()
    assert "18 تشرين الأول/أكتوبر" in text
    assert "المصادر المتاحة" in text
    assert "اكتب سؤالك" in text
    assert "لن يُقرأ" not in text


def test_eval_prints_sanad_beside_the_baseline(capsys):
    code, out, _ = run(["eval", "--no-lucene", str(QUESTIONS)], capsys)
    assert code == 0
    assert "| sanad |" in out
    assert "| naive BM25" in out
    assert "left-out declined" in out
    # Over seeds/ one article of five is left out: «1 article», not «1 articles».
    assert "Leave-out check: 1 article removed;" in out


def test_eval_json(capsys):
    code, out, _ = run(["eval", "--json", "--no-lucene", str(QUESTIONS)], capsys)
    [figures] = json.loads(out)
    systems = figures["systems"]
    assert code == 0
    assert figures["set"] == "questions"
    naive = systems["naive BM25 (whitespace tokens)"]["report"]
    assert systems["sanad"]["report"]["top1"] > naive["top1"]
    assert systems["sanad"]["leave_out"]["removed_declined"] > 0


def test_eval_asks_a_squad_file_of_its_own_articles(capsys, tmp_path):
    squad = {
        "data": [
            {
                "title": "نهر النيل",
                "paragraphs": [
                    {
                        "context": "يبلغ طول نهر النيل نحو 6650 كيلومترا. ويصب النيل في البحر "
                        "المتوسط عند دلتا مصر.",
                        "qas": [
                            {"question": "كم يبلغ طول نهر النيل؟", "answers": [{"text": "6650"}]},
                            {"question": "أين يصب نهر النيل؟", "answers": [{"text": "البحر"}]},
                        ],
                    }
                ],
            }
        ]
    }
    path = tmp_path / "nile.json"
    path.write_text(json.dumps(squad, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(["eval", "--json", "--no-lucene", "--no-leave-out", str(path)], capsys)
    [figures] = json.loads(out)
    report = figures["systems"]["sanad"]["report"]
    assert code == 0
    assert report["answerable"] == 2
    assert report["top1"] == 1.0


def test_eval_of_a_missing_file_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(["eval", str(tmp_path / "none.jsonl")], capsys)
    assert code == 2
    assert "none.jsonl" in err


def test_console_script_end_to_end_without_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "sanad", "ask", "--corpus", "/nonexistent", "سؤال"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "/nonexistent" in result.stderr


def test_answering_path_does_not_import_telegram():
    code = "import sys, sanad.cli; sanad.cli.main(['ask', 'x']); print('telegram' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT
    )
    assert result.stdout.strip().endswith("False")


def test_a_reader_that_stops_early_is_not_an_error():
    questions = (MISSION_QUESTION + "\n") * 300
    script = (
        f"{sys.executable} -m sanad ask --json | head -n 1 > /dev/null; echo ${{PIPESTATUS[0]}}"
    )
    result = subprocess.run(
        ["bash", "-c", script],
        input=questions,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    assert result.stdout.strip() == "0"
    assert "Traceback" not in result.stderr


def test_json_carries_the_short_answer(capsys):
    _, out, _ = run(["ask", "--json", MISSION_QUESTION], capsys)
    assert json.loads(out)["answers"][0]["answer"] == "18 تشرين الأول/أكتوبر"


def test_undecodable_bytes_in_the_question_are_replaced_not_fatal():
    result = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"sanad",
            b"ask",
            b"--json",
            b"\xff\xfe \xd9\x85\xd8\xaa\xd9\x89",
        ],
        capture_output=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["question"].startswith("\ufffd")


def test_eval_of_a_file_that_is_not_utf8_is_a_usage_error(capsys, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_bytes(b"\xff\xfe\n")
    code, _, err = run(["eval", str(path)], capsys)
    assert code == 2
    assert "not UTF-8" in err


def test_the_env_file_of_the_working_directory_is_read(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("SANAD_CORPUS")
    env_file = tmp_path / ".env"
    env_file.write_text(f"SANAD_CORPUS={PROJECT_ROOT / 'seeds'}\nSANAD_TOP_K=1\n", "utf-8")
    env_file.chmod(0o600)
    code, out, err = run(["ask", "--json", MISSION_QUESTION], capsys)
    assert code == 0, err
    assert len(json.loads(out)["answers"]) == 1


def test_env_file_option_names_the_settings_file(capsys, tmp_path, monkeypatch):
    settings = tmp_path / "elsewhere.env"
    settings.write_text("SANAD_TOP_K=2\n", "utf-8")
    code, out, _ = run(["--env-file", str(settings), "ask", "--json", MISSION_QUESTION], capsys)
    assert code == 0
    assert len(json.loads(out)["answers"]) == 2
    code, _, err = run(["--env-file", str(tmp_path / "none.env"), "ask", "x"], capsys)
    assert code == 2
    assert "none.env" in err


def test_env_example_copied_to_dot_env_keeps_the_terminal_quiet(tmp_path):
    shutil.copy(PROJECT_ROOT / ".env.example", tmp_path / ".env")
    (tmp_path / ".env").chmod(0o600)
    environ = {"PATH": os.environ.get("PATH", ""), "SANAD_CORPUS": str(PROJECT_ROOT / "seeds")}
    result = subprocess.run(
        [sys.executable, "-m", "sanad", "ask", MISSION_QUESTION],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=environ,
    )
    assert result.returncode == 0
    assert result.stderr == ""  # an INFO line would mean .env.example set the level


def test_a_dot_env_others_can_read_is_warned_about(tmp_path):
    (tmp_path / ".env").write_text("SANAD_TOP_K=1\n", "utf-8")
    (tmp_path / ".env").chmod(0o644)
    environ = {"PATH": os.environ.get("PATH", ""), "SANAD_CORPUS": str(PROJECT_ROOT / "seeds")}
    result = subprocess.run(
        [sys.executable, "-m", "sanad", "ask", MISSION_QUESTION],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=environ,
    )
    assert result.returncode == 0
    [warning] = result.stderr.splitlines()
    assert "chmod 600 .env" in warning


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(
    "dot_env", ["", 'TELEGRAM_BOT_TOKEN=""\n', "TELEGRAM_BOT_TOKEN=  # from @BotFather\n"]
)
def test_make_run_without_a_token_starts_the_terminal_chat(tmp_path, dot_env):
    """``make run`` reads the token by the bot's rule: a blank or quoted-empty one is no token."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    (tmp_path / "seeds").symlink_to(PROJECT_ROOT / "seeds")
    (tmp_path / ".env").write_text(dot_env, "utf-8")
    (tmp_path / ".env").chmod(0o600)
    environ = {"PATH": os.environ.get("PATH", "")}
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed-runtime", "run", f"BIN={bin_dir}"],
        input=MISSION_QUESTION + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=environ,
    )
    assert result.returncode == 0, result.stderr
    assert "18 تشرين الأول/أكتوبر" in result.stdout
    assert "starting the terminal chat" in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_refuses_a_python_older_than_3_11_with_one_clear_line(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    old_python = tmp_path / "python3.10"
    old_python.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")  # fails the version check
    old_python.chmod(0o755)
    result = subprocess.run(
        ["make", "-s", f"PYTHON={old_python}", "test"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", "")},
    )
    assert result.returncode != 0
    assert "needs Python 3.11 or newer" in result.stderr
    assert not (tmp_path / ".venv").exists()


ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x9b31m"


def test_terminal_escapes_in_articles_never_reach_the_terminal(capsys, make_corpus):
    folder = make_corpus(
        {
            f"doc{ESCAPES}.txt": (
                f"عنوان{ESCAPES} المقال\n"
                f"وأعلنت الوزارة{ESCAPES} توصلها إلى اتفاق حول هدنة إنسانية يوم 18 أكتوبر.\n"
            )
        }
    )
    code, out, _ = run(["ask", "--corpus", str(folder), "متى اتفقت الوزارة على الهدنة؟"], capsys)
    assert code == 0
    assert "هدنة" in out
    assert not any(char in out for char in "\x1b\x07\x9b")
    code, out, _ = run(["chat", "--corpus", str(folder)], capsys, stdin="/sources\n")
    assert "عنوان" in out
    assert not any(char in out for char in "\x1b\x07\x9b")


EVAL_FILES = {
    "a lone surrogate in the question and the answer": (
        '{"question": "\\ud800 متى اتفقا على الهدنة الإنسانية؟", "doc_id": "004_13ef93096cc37932",'
        ' "contains": "هدنة إنسانية", "answer": "\\udfff"}\n'
    ),
    "a lone surrogate in a SQuAD file": (
        '{"data": [{"title": "\\udc00", "paragraphs": [{"context": "اتفق الطرفان على هدنة '
        'إنسانية يوم 18 أكتوبر في موسكو.", "qas": [{"question": "\\ud83d متى اتفقا على الهدنة؟",'
        ' "answers": [{"text": "18 أكتوبر", "answer_start": 0}]}]}]}]}'
    ),
    "a non-string answer": (
        '{"question": "متى اتفقا؟", "doc_id": "004_13ef93096cc37932", "contains": "هدنة",'
        ' "answer": 5}\n'
    ),
    "JSON nested too deeply": "[" * 100_000 + "]" * 100_000 + "\n",
    "a SQuAD file nested too deeply": '{"data": ' + "[" * 100_000 + "]" * 100_000 + "}",
}


@pytest.mark.parametrize("kind", sorted(EVAL_FILES))
@pytest.mark.parametrize("as_json", [False, True])
def test_eval_of_a_hostile_file_prints_a_report_or_one_line_never_a_traceback(
    kind, as_json, tmp_path, capsys
):
    path = tmp_path / ("q.json" if "SQuAD" in kind else "q.jsonl")
    path.write_text(EVAL_FILES[kind], encoding="utf-8")
    code, out, err = run(["eval", str(path), *(["--json"] if as_json else [])], capsys)
    assert code in (0, 2), err
    out.encode("utf-8")  # what a UTF-8 terminal or pipe must be able to take
    if code == 0 and as_json:
        json.loads(out)
    if code == 2:
        [line] = [line for line in err.splitlines() if "left out" not in line]
        assert line.startswith("sanad: error:")


WIRE = "وصل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز إلى مدينة طنجة المغربية أمس الأحد."


@pytest.fixture
def archive(make_corpus):
    records = [
        {
            "source": source,
            "date_extracted": f"2015-08-03 0{hour}:00:00",
            "url": f"http://www.{source}.com/{hour}?a=1&b=2",
            "author": "واس",
            "title": f"خبر {source}",
            "content": f"{WIRE}\nوتستمر الزيارة أياما عدة بحسب {source}.",
        }
        for hour, source in enumerate(["alriyadh", "okaz", "alwatan"], start=1)
    ]
    lines = "\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return make_corpus({"news.jsonl": lines + "\n"})


def test_ask_cites_the_paper_date_link_and_other_papers_in_the_terminal(capsys, archive):
    code, out, _ = run(["ask", "--corpus", str(archive), "متى وصل الملك سلمان إلى طنجة؟"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "الإجابة: أمس الأحد (2 أغسطس 2015)"
    assert lines[2].startswith("[1] «وصل خادم الحرمين")
    assert lines[3:7] == [
        "    الرياض، 3 أغسطس 2015 — خبر alriyadh",
        "    http://www.alriyadh.com/1?a=1&b=2",
        "    ونشرته أيضًا: عكاظ، الوطن",
        "    المرجع: alriyadh_00000، الجملة 2",
    ]


def test_ask_json_carries_the_metadata_the_answers_date_and_the_other_papers(capsys, archive):
    code, out, _ = run(
        ["ask", "--json", "--corpus", str(archive), "متى وصل الملك سلمان إلى طنجة؟"], capsys
    )
    assert code == 0
    first = json.loads(out)["answers"][0]
    assert {key: first[key] for key in ("doc_id", "source", "published", "url", "author")} == {
        "doc_id": "alriyadh_00000",
        "source": "alriyadh",
        "published": "2015-08-03",
        "url": "http://www.alriyadh.com/1?a=1&b=2",
        "author": "واس",
    }
    assert (first["answer"], first["answer_date"]) == ("أمس الأحد", "2015-08-02")
    assert first["also"] == [
        {
            "doc_id": f"{source}_0000{number}",
            "title": f"خبر {source}",
            "sentence": 2,
            "source": source,
            "published": "2015-08-03",
            "url": f"http://www.{source}.com/{number + 1}?a=1&b=2",
        }
        for number, source in [(1, "okaz"), (2, "alwatan")]
    ]


def test_chat_sources_lists_papers_with_counts_and_dates(capsys, archive):
    code, out, _ = run(["chat", "--corpus", str(archive)], capsys, stdin="/sources\n")
    assert code == 0
    assert "- الرياض: مقال واحد، 3 أغسطس 2015" in out.splitlines()


def test_a_bad_field_map_is_one_line_naming_the_setting(capsys, monkeypatch, archive):
    monkeypatch.setenv("SANAD_FIELDS", "body:content")
    code, out, err = run(["ask", "--corpus", str(archive), "سؤال"], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("sanad: error: SANAD_FIELDS='body:content' is not valid")
    assert "unknown field" in err and err.count("\n") == 1
