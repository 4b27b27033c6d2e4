"""``python -m bot``: run the Telegram bot in polling mode."""

import sys

from bot.runner import main

sys.exit(main(sys.argv[1:]))
