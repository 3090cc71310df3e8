// What several window tests share: raw WebDriver calls, picking an option, switching
// the UI's language, and Korean and English screenshots at the sizes the app supports,
// each checked for content running off the side.

import assert from "node:assert/strict";
import { saveScreenshot } from "./harness.mjs";
import { waitFor } from "./webdriver.mjs";

export const SIZES = [
  [1280, 800],
  [1024, 700],
];

/** A raw WebDriver call on the session (what the shared client has no method for). */
export async function raw(session, method, path, body) {
  const response = await fetch(`${session.base}/session/${session.id}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const payload = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(payload.value)}`);
  return payload.value;
}

export async function pick(session, selectCss, value) {
  await session.click(await session.waitFind(`${selectCss} option[value="${value}"]`));
}

export async function setLocale(session, locale) {
  await pick(session, "[data-testid=locale]", locale);
  await waitFor(`the page in ${locale}`, async () =>
    (await session.execute("return document.documentElement.lang")) === locale,
  );
}

/** The page's widths when something is wider than the window, else null. */
export function overflow(session) {
  return session.execute(`
    const content = document.querySelector(".content");
    const page = document.documentElement;
    const wide = [page, content].filter((e) => e && e.scrollWidth > e.clientWidth + 1);
    return wide.length === 0 ? null : wide.map((e) => e.className + ": " + e.scrollWidth + " > " + e.clientWidth).join("; ");
  `);
}

/**
 * Korean and English screenshots of what is shown, at each size, asserting that
 * nothing runs off the side. Leaves the window in Korean at its first size.
 */
export async function screenshots(session, name) {
  for (const locale of ["ko", "en"]) {
    await setLocale(session, locale);
    for (const [width, height] of SIZES) {
      await raw(session, "POST", "/window/rect", { width, height });
      await waitFor(`the window at ${width}px`, async () =>
        Math.abs((await session.execute("return window.innerWidth")) - width) < 40,
      );
      assert.equal(await overflow(session), null, `${name} ${locale} ${width}×${height} overflows`);
      // The webview paints the new size a moment after the page has it.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await saveScreenshot(session, `${name}-${locale}-${width}x${height}`);
    }
  }
  await setLocale(session, "ko");
  await raw(session, "POST", "/window/rect", { width: SIZES[0][0], height: SIZES[0][1] });
}
