import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The Tauri window loads this dev server (tauri.conf.json `devUrl`): a fixed port keeps
// the two in step, and `strictPort` fails loudly instead of silently moving.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  // WebKitGTK 2.50 and current WebView2/WKWebView all run ES2022.
  build: { target: "es2022" },
});
