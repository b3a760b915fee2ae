"""The live channel: a feed is reached only through its own unguessable token; one session's
token never opens another's feed; closing a feed or its session shuts its sockets and its token;
the socket sends the latest build first, then each newer one in order, merging what a slow page
has not taken yet."""
import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from dl_engine.training.run import TrainingRun
from dl_engine.ui.live_channel import Channels
from dl_engine.ui.live_feed import Feed
from dl_engine.ui.live_route import Outbox, serve
from tests.unit.test_live_feed import weight_figure
from tests.unit.tiny_experiment import Tiny


@pytest.fixture
def run():
    run = TrainingRun(Tiny, (0.1, "sgd"), seed=0, device="cpu")
    yield run
    run.stop()


def test_each_feed_has_its_own_unguessable_token(run):
    channels = Channels()
    mine, theirs = Feed(run), Feed(run)
    a, b = channels.open(mine, "session-a"), channels.open(theirs, "session-b")
    assert a != b and len(a) >= 40 and len(b) >= 40, "32 random bytes each"
    assert channels.feed(a) is mine and channels.feed(b) is theirs, "a token opens its own feed only"
    assert channels.feed("") is None and channels.feed(a[:-1]) is None and channels.feed(a + "x") is None


def test_closing_a_session_closes_its_feeds_and_no_other(run):
    channels = Channels()
    mine, also_mine, theirs = Feed(run), Feed(run), Feed(run)
    a1, a2 = channels.open(mine, "session-a"), channels.open(also_mine, "session-a")
    b = channels.open(theirs, "session-b")
    channels.close_session("session-a")
    assert channels.feed(a1) is None and channels.feed(a2) is None and mine.closed and also_mine.closed
    assert channels.feed(b) is theirs and not theirs.closed
    channels.close(b)
    assert channels.feed(b) is None and theirs.closed


def test_the_outbox_sends_the_newest_figure_of_each_chart_in_order():
    async def scenario():
        box = Outbox()
        box.put(1, {"a": '{"n":1}', "b": '{"n":1}'})
        box.put(2, {"a": '{"n":2}'})               # the page has not taken build 1 yet
        first = json.loads(await box.take())
        box.put(3, {"b": '{"n":3}'})
        second = json.loads(await box.take())
        box.put(0, None)
        return first, second, await box.take()
    first, second, end = in_own_loop(scenario())
    assert first == {"seq": 2, "charts": {"a": {"n": 2}, "b": {"n": 1}}}
    assert second == {"seq": 3, "charts": {"b": {"n": 3}}}
    assert end is None


def in_own_loop(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop
    running in the main thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def until(condition, timeout: float = 10.0) -> None:
    """Yield to the event loop until `condition()` holds; fail after `timeout` s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.001)


class FakeSocket:
    """The part of Starlette's WebSocket that `serve` uses; the page closes after `keep` messages."""

    def __init__(self, token: str, keep: int):
        self.path_params = {"token": token}
        self.sent: list[dict] = []
        self.accepted = self.closed_with = None
        self._keep, self._gone = keep, asyncio.Event()

    async def accept(self):
        self.accepted = True

    async def close(self, code: int = 1000):
        self.closed_with = code

    async def send_text(self, text: str):
        self.sent.append(json.loads(text))
        if len(self.sent) >= self._keep:
            self._gone.set()

    async def receive(self):
        await self._gone.wait()
        return {"type": "websocket.disconnect"}


def test_a_wrong_token_is_refused_before_the_handshake(monkeypatch, run):
    monkeypatch.setattr("dl_engine.ui.live_route.CHANNELS", Channels())
    socket = FakeSocket("not-a-token", keep=1)
    in_own_loop(asyncio.wait_for(serve(socket), 10))
    assert socket.accepted is None and socket.closed_with == 1008 and socket.sent == []


def test_a_socket_gets_the_latest_build_then_each_newer_one(monkeypatch, run):
    channels = Channels()
    monkeypatch.setattr("dl_engine.ui.live_route.CHANNELS", channels)
    feed = Feed(run)
    feed.builders = {"weights": (weight_figure, None)}
    token = channels.open(feed, "session-a")
    run.step(1)
    feed.publish(run.snapshot)                  # the build a page that connects now sees first

    async def scenario():
        socket = FakeSocket(token, keep=3)
        serving = asyncio.create_task(serve(socket))
        await until(lambda: len(socket.sent) == 1)   # subscribed, and the latest build sent
        for sent in (2, 3):
            run.step(1)
            await asyncio.to_thread(feed.publish, run.snapshot)
            await until(lambda: len(socket.sent) == sent)   # sent before the next build (else merged with it)
        await asyncio.wait_for(serving, 10)
        return socket
    socket = in_own_loop(scenario())
    assert socket.accepted
    assert [m["seq"] for m in socket.sent] == [1, 2, 3]
    assert [m["charts"]["weights"]["stamp"][1] for m in socket.sent] == [1, 2, 3]
    assert not feed._listeners, "a page that went is no longer a listener"


def test_closing_the_feed_closes_its_sockets(monkeypatch, run):
    channels = Channels()
    monkeypatch.setattr("dl_engine.ui.live_route.CHANNELS", channels)
    token = channels.open(Feed(run), "session-a")

    async def scenario():
        socket = FakeSocket(token, keep=99)
        serving = asyncio.create_task(serve(socket))
        await until(lambda: channels.feed(token)._listeners)
        channels.close_session("session-a")
        await asyncio.wait_for(serving, 10)
        return socket
    socket = in_own_loop(scenario())
    assert socket.accepted and socket.closed_with == 1000 and socket.sent == []
