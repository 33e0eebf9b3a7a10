"""One Chromium for the whole audit, and a reusable tab per worker and viewport.

A ``Tab`` is a browser context with one page in it.  axe-core and ``checks.js`` are added
once per context as init scripts; after the first navigation each page is loaded by writing
its HTML into the same document (``document.open/write``) at the page's own URL, which
keeps axe loaded and costs a few milliseconds instead of a full navigation.  Pages with
scripts of their own are loaded by real navigation, and so is a page whose HTML the audit
changed (a redirect taken out), served as changed.  Tab presses are real key events sent
through CDP, queued without waiting for each one.  Event listeners are read through CDP
(``DOMDebugger.getEventListeners``) and focus indicators that computed style cannot settle are
settled by comparing screenshots.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import Any

from playwright.async_api import Browser, BrowserContext, CDPSession, Error, Playwright, async_playwright
from playwright.async_api import Page as PwPage

from .axe import RUN_OPTIONS, axe_source
from .browser import LAUNCH_ARGS
from .checks import CHECKS_JS
from .model import Viewport

PAGE_TIMEOUT = 60.0       # seconds for all checks of one page at one viewport
MAX_TAB_PRESSES = 3000
MAX_LISTENERS = 400       # listeners looked at per page
MAX_SCREENSHOT_PAIRS = 30 # focus indicators settled by screenshots per page; the rest by style
WIDE = 1000               # viewports at least this wide also get text resized to 200%
LISTENED = ("click", "mousedown", "mouseup", "pointerdown", "pointerup", "touchstart", "touchend", "dblclick",
            "change", "input")
_AFTER_TABS = "([force, wide]) => window.__portalAudit.afterTabs(force, wide)"
_INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
_NOTE = "function(type, source) { window.__portalAudit.noteListener(this, type, source); }"

_TAB = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9, "nativeVirtualKeyCode": 9}

_WRITE_PAGE = """([url, html]) => new Promise(resolve => {
  history.replaceState(null, '', url);
  document.open();
  document.write(html);
  document.close();
  const done = () => (document.fonts ? document.fonts.ready : Promise.resolve()).then(() => resolve(true));
  if (document.readyState === 'complete') done(); else window.addEventListener('load', done, {once: true});
  setTimeout(() => resolve(false), 15000);
})"""


class BrowserSession:
    """A running Chromium driven by Playwright."""

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self._playwright: Playwright | None = None
        self.browser: Browser | None = None

    async def start(self) -> None:
        self._playwright = await async_playwright().start()
        self.browser = await self._playwright.chromium.launch(
            executable_path=self.executable, args=LAUNCH_ARGS, headless=True
        )

    @property
    def version(self) -> str:
        return f"Chromium {self.browser.version}" if self.browser else ""

    async def close(self) -> None:
        if self.browser:
            await self.browser.close()
            self.browser = None
        if self._playwright:
            await self._playwright.stop()
            self._playwright = None

    async def new_tab(self, viewport: Viewport) -> Tab:
        assert self.browser, "start() the session first"
        context = await self.browser.new_context(
            viewport={"width": viewport.width, "height": viewport.height},
            device_scale_factor=1,
            color_scheme="light",
            service_workers="block",
        )
        await context.add_init_script(axe_source())
        await context.add_init_script(CHECKS_JS)
        tab = Tab(viewport, context)
        await tab.open_page()
        return tab


class Tab:
    """One context and one reused page, auditing pages at one viewport."""

    def __init__(self, viewport: Viewport, context: BrowserContext) -> None:
        self.viewport = viewport
        self.context = context
        self.page: PwPage | None = None
        self.cdp: CDPSession | None = None
        self._navigated = False

    async def open_page(self) -> None:
        self.page = await self.context.new_page()
        self.page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.dismiss()))
        self.cdp = await self.context.new_cdp_session(self.page)
        self._navigated = False
        await self._minimize()

    async def _minimize(self) -> None:
        """Minimise the page's headless window: pages still lay out, take focus and report
        what they show, but Chromium stops compositing frames nobody looks at (about 15% less
        CPU per page).  Best effort: a Chromium that cannot do it is simply slower."""
        with contextlib.suppress(Exception):
            window = await self.cdp.send("Browser.getWindowForTarget")
            await self.cdp.send("Browser.setWindowBounds",
                                {"windowId": window["windowId"], "bounds": {"windowState": "minimized"}})

    async def close(self) -> None:
        with contextlib.suppress(Exception):  # it may have crashed already
            await self.context.close()

    async def audit(self, url: str, html: str, has_script: bool, *, changed: bool = False) -> dict[str, Any]:
        """Run every check on one page; returns {"axe": [...], "incomplete": [...], "custom": [...],
        "images": [...]}.  ``changed``: ``html`` is not the file the server has (serve it instead).

        Raises on a crash, a time-out or a broken page; the tab should then be closed and
        replaced (``runner`` does so)."""
        return await asyncio.wait_for(self._audit(url, html, has_script, changed), PAGE_TIMEOUT)

    async def _load(self, url: str, html: str, has_script: bool, changed: bool) -> None:
        if changed:
            async def fulfil(route: Any) -> None:
                await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

            await self.page.route(url, fulfil)
            try:
                await self.page.goto(url, wait_until="load")
            finally:
                await self.page.unroute(url, fulfil)
            self._navigated = True
        elif has_script or not self._navigated:
            await self.page.goto(url, wait_until="load")
            self._navigated = True
        else:
            await self.page.evaluate(_WRITE_PAGE, [url, html])

    async def _note_listeners(self) -> None:
        """Hand the page's click, change and input listeners to the in-page checks."""
        await self.page.evaluate("() => window.__portalAudit.resetListeners()")
        found = []
        for expression in ("document", "window"):
            root = await self.cdp.send("Runtime.evaluate", {"expression": expression, "objectGroup": "audit"})
            depth = {"depth": -1, "pierce": True} if expression == "document" else {}
            listed = await self.cdp.send("DOMDebugger.getEventListeners",
                                         {"objectId": root["result"]["objectId"], **depth})
            for listener in listed["listeners"]:
                if listener["type"] in LISTENED:
                    found.append((listener, root["result"]["objectId"]))
        await asyncio.gather(*(self._note(listener, root) for listener, root in found[:MAX_LISTENERS]))
        await self.cdp.send("Runtime.releaseObjectGroup", {"objectGroup": "audit"})

    async def _note(self, listener: dict[str, Any], root: str) -> None:
        object_id = root
        source = (listener.get("handler") or {}).get("description", "")[:2000]
        with contextlib.suppress(Error):  # the node went away meanwhile: nothing to check on it
            if "backendNodeId" in listener:
                resolved = await self.cdp.send("DOM.resolveNode", {"backendNodeId": listener["backendNodeId"],
                                                                   "objectGroup": "audit"})
                object_id = resolved["object"]["objectId"]
            await self.cdp.send("Runtime.callFunctionOn", {
                "objectId": object_id, "functionDeclaration": _NOTE,
                "arguments": [{"value": listener["type"]}, {"value": source}]})

    async def _screenshot(self, clip: dict[str, Any]) -> str:
        shot = await self.cdp.send("Page.captureScreenshot", {"format": "png", "clip": {
            "x": clip["x"], "y": clip["y"], "width": clip["width"], "height": clip["height"], "scale": 1}})
        return shot["data"]

    async def _indicators_drawn(self, count: int) -> list[bool]:
        """For each element computed style could not settle: do its surroundings look different
        focused and unfocused?  A text field's blinking caret counts, so it gets a second look."""
        changed = []
        for i in range(min(count, MAX_SCREENSHOT_PAIRS)):
            area = await self.page.evaluate("([i, on]) => window.__portalAudit.focusArea(i, on)", [i, True])
            if area is None:  # nothing on screen to compare (focus-obscured covers that): no verdict
                changed.append(True)
                continue
            focused = await self._screenshot(area)
            await self.page.evaluate("([i, on]) => window.__portalAudit.focusArea(i, on)", [i, False])
            unfocused = await self._screenshot(area)
            differs = focused != unfocused
            if not differs and area.get("typing"):
                await self.page.evaluate("([i, on]) => window.__portalAudit.focusArea(i, on)", [i, True])
                await asyncio.sleep(0.6)
                differs = await self._screenshot(area) != unfocused
            changed.append(differs)
        return changed

    async def _press_tab(self, times: int) -> None:
        """Press Tab ``times`` times without waiting for each (focus moves on key down)."""
        sends = [self.cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **_TAB}) for _ in range(times)]
        sends.append(self.cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **_TAB}))
        await asyncio.gather(*sends)

    async def _audit(self, url: str, html: str, has_script: bool, changed: bool) -> dict[str, Any]:
        await self._load(url, html, has_script, changed)
        page = self.page
        listened = has_script or bool(_INLINE_HANDLER.search(html))
        if listened:  # a page without scripts has no listeners to look for
            await self._note_listeners()
        scan = await page.evaluate("([options, listened]) => window.__portalAudit.scan(options, listened)",
                                   [RUN_OPTIONS, listened])
        wide = self.viewport.width >= WIDE
        pressed = scan["presses"]
        await self._press_tab(pressed)
        after = await page.evaluate(_AFTER_TABS, [False, wide])
        while "pending" in after:
            # Focus has not come back to the first stop: it went somewhere the count did not
            # foresee (e.g. into an iframe).  Keep going while it gets anywhere.
            stops = after["pending"]
            more = max(10, stops // 2)
            await self._press_tab(more)
            pressed += more
            after = await page.evaluate(_AFTER_TABS, [False, wide])
            if "pending" in after and (after["pending"] == stops or pressed >= MAX_TAB_PRESSES):
                after = await page.evaluate(_AFTER_TABS, [True, wide])
        custom = scan["custom"] + after["custom"]
        if "review" in after:
            drawn = await self._indicators_drawn(after["review"])
            after = await page.evaluate("([drawn, wide]) => window.__portalAudit.finish(drawn, wide)", [drawn, wide])
            custom += after["custom"]
        if after["next"] == "tab":
            await self._press_tab(1)
            custom += await page.evaluate("() => window.__portalAudit.afterSkipTab()")
        if after["buttons"]:
            try:
                custom += await page.evaluate("() => window.__portalAudit.keys()")
            except Exception:  # noqa: BLE001 - a key press that navigated away did something: no problem
                self._navigated = False
        return {"axe": scan["axe"], "incomplete": scan["incomplete"], "axe_rules": scan["axeRules"], "custom": custom,
                "images": scan["images"]}
