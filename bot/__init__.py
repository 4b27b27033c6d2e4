"""Sanad's Telegram front end: settings, handlers, HTML formatting and the polling runner.

Kept free of imports so that ``bot.wording`` loads without telegram for the terminal chat.
"""
