import { QueryClientProvider } from "@tanstack/react-query";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { queryClient } from "./queries";
import "./styles.css";
import { OverlayApp } from "./views/Overlay";

// The overlay is the same UI in a window of its own label (src-tauri/src/overlay.rs).
const isOverlay = getCurrentWindow().label === "overlay";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      {isOverlay ? <OverlayApp /> : <App />}
    </QueryClientProvider>
  </StrictMode>,
);
