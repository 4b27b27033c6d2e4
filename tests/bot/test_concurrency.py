"""The update processor: chats side by side, each in order, bounded backlogs, a quick stop."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.concurrency import PerChatUpdateProcessor
from tests.support.botapi import GROUP_CHAT, PRIVATE_CHAT, UpdateFactory

WAIT = 5.0


class Handling:
    """Stands in for ``Application.process_update``: records which updates ran and when."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.finished: list[int] = []
        self.release = asyncio.Event()

    async def handle(self, update: Update, *, hold: bool = False) -> None:
        self.started.append(update.update_id)
        if hold:
            await self.release.wait()
        self.finished.append(update.update_id)


def update(updates: UpdateFactory, chat: dict[str, Any]) -> Update:
    return Update.de_json(updates.message("سؤال", chat=chat), None)


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_updates_waiting_for_their_chat_hold_no_slot_another_chat_needs(
    updates: UpdateFactory,
) -> None:
    # Two slots; the group's first update is held, nine more wait behind it. Before, those nine
    # took every slot and the private chat's question waited for the group.
    processor = PerChatUpdateProcessor(2, max_backlog=50)
    handling = Handling()
    group = [update(updates, GROUP_CHAT) for _ in range(10)]
    tasks = [
        asyncio.create_task(
            processor.process_update(group[0], handling.handle(group[0], hold=True))
        )
    ]
    tasks += [
        asyncio.create_task(processor.process_update(u, handling.handle(u))) for u in group[1:]
    ]
    await settle()
    private = update(updates, PRIVATE_CHAT)
    await asyncio.wait_for(processor.process_update(private, handling.handle(private)), WAIT)
    assert handling.finished == [private.update_id]
    handling.release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), WAIT)
    assert handling.finished[1:] == [u.update_id for u in group]  # the group's, in order


async def test_a_chat_beyond_its_backlog_has_updates_dropped_with_one_notice(
    updates: UpdateFactory,
) -> None:
    notices: list[int] = []

    async def notice(dropped: Update) -> None:
        notices.append(dropped.update_id)

    processor = PerChatUpdateProcessor(max_backlog=3, on_overflow=notice)
    handling = Handling()
    group = [update(updates, GROUP_CHAT) for _ in range(10)]
    tasks = [
        asyncio.create_task(
            processor.process_update(group[0], handling.handle(group[0], hold=True))
        )
    ]
    tasks += [
        asyncio.create_task(processor.process_update(u, handling.handle(u))) for u in group[1:]
    ]
    await settle()
    handling.release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), WAIT)
    assert handling.finished == [u.update_id for u in group[:3]]
    assert notices == [group[3].update_id]


async def test_an_update_delivered_twice_is_handled_once(updates: UpdateFactory) -> None:
    processor = PerChatUpdateProcessor()
    handling = Handling()
    data = updates.message("سؤال")
    for _ in range(2):
        again = Update.de_json(data, None)
        await processor.process_update(again, handling.handle(again))
    assert handling.finished == [data["update_id"]]


async def test_stopping_drops_queued_updates_and_cancels_running_ones_after_the_grace(
    updates: UpdateFactory,
) -> None:
    processor = PerChatUpdateProcessor()
    handling = Handling()  # never released: a reply stuck behind a group's flood limit
    group = [update(updates, GROUP_CHAT) for _ in range(8)]
    tasks = [
        asyncio.create_task(processor.process_update(u, handling.handle(u, hold=True)))
        for u in group
    ]
    await settle()
    loop = asyncio.get_running_loop()
    started = loop.time()
    processor.begin_stopping(grace=0.2)
    late = update(updates, PRIVATE_CHAT)  # fetched after the stop began: dropped at once
    await processor.process_update(late, handling.handle(late))
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), WAIT)
    assert loop.time() - started < 1.0
    assert handling.started == [group[0].update_id]  # nothing else was ever begun
    assert handling.finished == []
