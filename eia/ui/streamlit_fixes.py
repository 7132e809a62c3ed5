"""Two corrections to Streamlit 1.67's script runner, so that a change the page shows is saved.

Every change is saved by its widget's callback, and Streamlit runs the callbacks of a rerun
one after another before the page is drawn. Two things could end that work half done, found
by the browser walk on a loaded machine and traced in Streamlit's own code:

1. **A callback was interrupted.** Reading `st.session_state` is one of Streamlit's points
   where a run may be stopped for a newer request, and each callback reads it (the widget's
   value, the language, the acting user). A click that arrived while the callbacks ran stopped
   them there: the change being saved, and every change after it in the same rerun, were never
   saved, and the next run took their values as already seen, so their callbacks never ran.
   A stop could also come between a run taking its request and running its callbacks. Now a
   run that has taken a request runs its callbacks to their end, and a newer request or a stop
   is taken up right after them, at the point Streamlit itself checks.
2. **A waiting change was dropped when the page went away.** A reload, a closed tab or a lost
   connection stops the session's runner, and a stop threw away the rerun still waiting, with
   the changes the officer had made while the app was busy. Now the waiting rerun's callbacks
   run (and save) first, and the runner stops after them, drawing nothing.

Both rely on one run at a time per session (`runner.fastReruns = false`, set in
`.streamlit/config.toml`): with fast reruns a stopped runner is replaced by a new one that
takes the same request, so the second correction stands aside.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from streamlit import config
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests, ScriptRequestType
from streamlit.runtime.state.safe_session_state import SafeSessionState

_in_callbacks = threading.local()
IN_CALLBACKS = "_eia_in_callbacks"
CLOSING = "_eia_closing"
"""Marks on a runner's requests: its callbacks are running; its page went away while changes
were waiting or being saved."""
_originals: dict[str, Callable[..., Any]] = {}
_applying = threading.Lock()


class _ClosingPages:
    """The pages that went away (reloaded, closed, disconnected) whose last changes are still
    being saved, each with when it went, so that a page opening an assessment can wait for
    them. One that never finishes stops counting after the longest wait, so a runner that died
    cannot hold every later page up."""

    def __init__(self) -> None:
        self._since: dict[int, float] = {}
        self._changed = threading.Condition()

    def add(self, page: int) -> None:
        with self._changed:
            self._since[page] = time.monotonic()

    def done(self, page: int) -> None:
        with self._changed:
            self._since.pop(page, None)
            self._changed.notify_all()

    def wait(self, seconds: float) -> None:
        def none_recent() -> bool:
            now = time.monotonic()
            return all(now - since >= seconds for since in self._since.values())

        with self._changed:
            self._changed.wait_for(none_recent, timeout=seconds)


_closing = _ClosingPages()


def wait_for_closed_pages(seconds: float = 10) -> None:
    """Wait (at most `seconds`) until every page that went away has saved its last changes;
    a reloaded page then reads what the officer typed just before reloading."""
    _closing.wait(seconds)


def _runner_requests(yield_callback: Callable[[], None]) -> ScriptRequests | None:
    """The requests of the runner whose yield point `yield_callback` is (a bound method)."""
    runner = getattr(yield_callback, "__self__", None)
    requests = getattr(runner, "_requests", None)
    return requests if isinstance(requests, ScriptRequests) else None


def _callbacks_run_whole(self: SafeSessionState, *args: Any, **kwargs: Any) -> None:
    """Streamlit's `on_script_will_rerun`, with no interruption while the callbacks run."""
    held = self._yield_callback
    requests = _runner_requests(held)
    _mark(requests, IN_CALLBACKS, True)
    object.__setattr__(self, "_yield_callback", _stay)
    _in_callbacks.active = True
    try:
        _originals["will_rerun"](self, *args, **kwargs)
    finally:
        _in_callbacks.active = False
        object.__setattr__(self, "_yield_callback", held)
        if requests is not None:
            _after_callbacks(requests)


def _mark(requests: ScriptRequests | None, mark: str, value: bool) -> None:
    if requests is not None:
        with requests._lock:
            setattr(requests, mark, value)


def _after_callbacks(requests: ScriptRequests) -> None:
    """Stop now if the page went away and no change of it is still waiting."""
    with requests._lock:
        setattr(requests, IN_CALLBACKS, False)
        closed = (getattr(requests, CLOSING, False)
                  and requests._state != ScriptRequestType.RERUN)
        if closed:
            setattr(requests, CLOSING, False)
    if closed:
        _originals["stop"](requests)
        _closing.done(id(requests))


def _stay() -> None:
    """A yield point that never interrupts (while the callbacks run)."""


def _checked_unless_in_callbacks(self: script_runner.ScriptRunner) -> None:
    """Streamlit's yield point, skipped while the callbacks run (a callback that changes the
    URL sends a message, and every message is a yield point too)."""
    if getattr(_in_callbacks, "active", False):
        return
    _originals["yield"](self)


def _stop_after_waiting_changes(self: ScriptRequests) -> None:
    """Streamlit's stop, except that the changes waiting or being saved are saved first."""
    if not config.get_option("runner.fastReruns"):
        with self._lock:
            waiting = (self._state == ScriptRequestType.RERUN
                       and self._rerun_data.widget_states is not None)
            if (waiting or getattr(self, IN_CALLBACKS, False)) and not getattr(
                    self, CLOSING, False):
                setattr(self, CLOSING, True)
                _closing.add(id(self))
            if waiting:
                return  # its callbacks run next, and the runner stops after them
    _originals["stop"](self)


def apply() -> None:
    """Install both corrections once per process (the app calls it at the start of each run)."""
    with _applying:
        if not _originals:
            _install()


def _install() -> None:
    _originals["will_rerun"] = SafeSessionState.on_script_will_rerun
    _originals["yield"] = script_runner.ScriptRunner._maybe_handle_execution_control_request
    _originals["stop"] = ScriptRequests.request_stop
    SafeSessionState.on_script_will_rerun = _callbacks_run_whole  # type: ignore[method-assign]
    script_runner.ScriptRunner._maybe_handle_execution_control_request = (  # type: ignore[method-assign]
        _checked_unless_in_callbacks)
    ScriptRequests.request_stop = _stop_after_waiting_changes  # type: ignore[method-assign]
