#!/usr/bin/python3
"""close-window.py PID: asks the top-level X window of process PID to close, as a
window manager's close button does: a WM_DELETE_WINDOW message, which the app may act
on before it goes (unlike a WebDriver "close window", after which the driver ends the
app itself)."""

import sys

from Xlib import X, display, protocol


def find(d, window, pid):
    """The first shown window of `pid` (GTK sets _NET_WM_PID) that takes WM_DELETE_WINDOW."""
    owner = window.get_full_property(d.intern_atom("_NET_WM_PID"), X.AnyPropertyType)
    if (
        owner is not None
        and owner.value[0] == pid
        and window.get_attributes().map_state == X.IsViewable
        and d.intern_atom("WM_DELETE_WINDOW") in (window.get_wm_protocols() or [])
    ):
        return window
    for child in window.query_tree().children:
        found = find(d, child, pid)
        if found is not None:
            return found
    return None


def main():
    pid = int(sys.argv[1])
    d = display.Display()
    window = find(d, d.screen().root, pid)
    if window is None:
        sys.exit(f"process {pid} has no window to close")
    protocols = d.intern_atom("WM_PROTOCOLS")
    delete = d.intern_atom("WM_DELETE_WINDOW")
    message = protocol.event.ClientMessage(
        window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])
    )
    window.send_event(message, event_mask=X.NoEventMask)
    d.flush()


main()
