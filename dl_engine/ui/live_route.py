"""The live channel's WebSocket, served by Streamlit's own server: `<base>/_dl_live/<token>` pushes
each build of that token's feed (ui.live_channel) to the page, the latest one first.

Streamlit 1.67 serves with Starlette; a running script reaches that app through its session's
WebSocket, and the route is added to the app's router once per process (the router reads its list
of routes at every request). `streamlit run app.py` is all it needs: no second port, no st.App
entry point, and every script that draws a live panel (the app, the test and benchmark pages) has it.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading

from streamlit import config as st_config
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dl_engine.ui.live_channel import CHANNELS

ROUTE = "_dl_live"
_LOG = logging.getLogger(__name__)
_installed: list = []   # the app the route was added to (once per process)
_install_lock = threading.Lock()


def channel_url(token: str) -> str | None:
    """The path the page opens to follow `token`'s feed, or None where no server can serve it
    (a script run without a browser, e.g. Streamlit's AppTest)."""
    if not _install():
        return None
    base = st_config.get_option("server.baseUrlPath").strip("/")
    return f"{'/' + base if base else ''}/{ROUTE}/{token}"


def _install() -> bool:
    with _install_lock:
        if not _installed:
            app = _server_app()
            if app is None:
                return False
            from starlette.routing import WebSocketRoute
            base = st_config.get_option("server.baseUrlPath").strip("/")
            path = f"{'/' + base if base else ''}/{ROUTE}/{{token}}"
            app.router.routes.insert(0, WebSocketRoute(path, serve))   # before the pages' catch-all
            _installed.append(app)
        return True


def _server_app():
    """The Starlette app serving this script's session, or None."""
    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():
        return None
    client = Runtime.instance().get_client(ctx.session_id)
    websocket = getattr(client, "_websocket", None)   # Streamlit's StarletteSessionClient
    app = websocket.scope.get("app") if websocket is not None else None
    return app if app is not None and hasattr(app, "router") else None


class Outbox:
    """The builds waiting for one socket: newer charts replace older unsent ones, so a slow page
    gets the newest figure of each chart, never a backlog. Used on the server's event loop."""

    def __init__(self):
        self.seq = 0
        self.charts: dict[str, str] = {}
        self.closed = False
        self._ready = asyncio.Event()

    def put(self, seq: int, charts: dict[str, str] | None) -> None:
        """A feed's build (its seq, {key: chart message JSON}), or None: the feed closed."""
        if charts is None:
            self.closed = True
        else:
            self.seq = seq
            self.charts.update(charts)
        self._ready.set()

    async def take(self) -> str | None:
        """The next message, {"seq", "charts"} as JSON, once there is one; None once closed."""
        await self._ready.wait()
        self._ready.clear()
        if self.closed:
            return None
        body = ",".join(f"{json.dumps(key)}:{chart}" for key, chart in self.charts.items())
        self.charts = {}
        return f'{{"seq":{self.seq},"charts":{{{body}}}}}'


async def serve(websocket) -> None:
    """One page's socket: a wrong or closed token is refused; else it gets the builds until the
    page or the feed goes."""
    feed = CHANNELS.feed(websocket.path_params["token"])
    if feed is None:
        await websocket.close(code=1008)   # before accept: the handshake fails (HTTP 403)
        return
    await websocket.accept()
    loop, outbox = asyncio.get_running_loop(), Outbox()

    def listener(seq: int, charts: dict[str, str] | None) -> None:   # from the feed's thread
        try:
            loop.call_soon_threadsafe(outbox.put, seq, charts)
        except RuntimeError:   # the server's loop has stopped
            pass

    async def until_closed() -> None:
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass
        outbox.put(0, None)

    reader = asyncio.create_task(until_closed())
    feed.subscribe(listener)
    try:
        while (text := await outbox.take()) is not None:
            await websocket.send_text(text)
    except Exception as err:  # the page went mid-send
        _LOG.debug("live channel: %s", err)
    finally:
        feed.unsubscribe(listener)
        if not reader.done():
            reader.cancel()
            try:
                await websocket.close()
            except Exception:  # already closed by the page
                pass
