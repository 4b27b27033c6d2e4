"""Helpers the tests share (and bench/ reuses): paths, quality floors, Bot API stand-ins.

Nothing here is collected as a test. Fixtures stay in the conftest files; these modules hold the
plain objects the fixtures and tests build on:

- ``paths``: the project root, ``seeds/``, the eval set, the mission question and its article;
- ``quality``: the answer-quality floors, defined once;
- ``botapi``: the offline Bot API stand-in (``FakeBotApi``), update factories, test ids and token;
- ``http_botapi``: the same stand-in over HTTP on 127.0.0.1, with scripted faults;
- ``live_bot``: the bot polling that stand-in in-process (``polling``, ``delivered``);
- ``bot_process``: the bot as a child process (``start_bot``, ``stop_with``, ``StderrLines``);
- ``telegram_html``: checks that a reply is HTML Telegram accepts;
- ``corpora``: corpora for load and reload tests;
- ``app``: the types of the ``build_app`` and ``process`` fixtures.
"""
