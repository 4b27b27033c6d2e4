"""The engine and the shared wording load without telegram, for the terminal chat's sake."""

from __future__ import annotations

import subprocess
import sys


def test_retrieval_and_wording_do_not_import_telegram() -> None:
    code = (
        "import sys, bot.wording, retrieval.engine, retrieval.highlight; "
        "sys.exit('telegram' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
