// The tray's side in the window: it asks to start or stop recording (the window does it
// as its own buttons do), and its menu speaks the window's language.

import { Channel } from "@tauri-apps/api/core";
import { useEffect, useRef } from "react";
import { commands, type TrayRequest } from "./bindings.gen";
import type { Messages } from "./i18n";

export interface TrayHandlers {
  start: () => void;
  stop: () => void;
}

export function useTray(t: Messages, handlers: TrayHandlers) {
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    const channel = new Channel<TrayRequest>();
    channel.onmessage = (request) => {
      if (request === "start_recording") current.current.start();
      else current.current.stop();
    };
    void commands.watchTray(channel);
  }, []);
  useEffect(() => {
    // No tray on this desktop is not the window's concern.
    void commands.setTrayLabels(t.live.tray).catch(() => undefined);
  }, [t]);
}
