#!/usr/bin/python3
"""press-keys.py KEY...: presses the keys together and releases them, through the X
server's XTEST extension, as a keyboard would: a global hotkey grabbed by an app
(XGrabKey) sees it whichever window has the focus. Keys are X keysym names, e.g.
Control_L Shift_L o."""

import sys
import time

from Xlib import X, XK, display
from Xlib.ext import xtest


def main():
    d = display.Display()
    codes = []
    for name in sys.argv[1:]:
        code = d.keysym_to_keycode(XK.string_to_keysym(name))
        if code == 0:
            sys.exit(f"no key for {name}")
        codes.append(code)
    for code in codes:
        xtest.fake_input(d, X.KeyPress, code)
        d.sync()
        time.sleep(0.02)
    for code in reversed(codes):
        xtest.fake_input(d, X.KeyRelease, code)
        d.sync()
        time.sleep(0.02)
    d.close()


if __name__ == "__main__":
    main()
