// A minimal W3C WebDriver client over fetch: just what the end-to-end tests use.
// Spec: https://www.w3.org/TR/webdriver2/

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {}

// No WebDriver call the tests make should take this long; a hung driver fails the
// test with a message instead of stalling the run.
const REQUEST_TIMEOUT_MS = 30_000;

async function request(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let payload;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${response.status}: ${text.slice(0, 500)}`);
  }
  if (!response.ok || payload.value?.error !== undefined) {
    const v = payload.value ?? {};
    throw new WebDriverError(`${method} ${path}: ${v.error ?? response.status}: ${v.message ?? text}`);
  }
  return payload.value;
}

/** Polls `probe` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function waitFor(what, probe, { timeoutMs = 20_000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${lastError.message}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export class Session {
  static async start(base, capabilities) {
    const value = await request(base, "POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, value.sessionId);
  }

  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  #call(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** The first element matching a CSS selector, or null. */
  async find(css) {
    const found = await this.#call("POST", "/elements", { using: "css selector", value: css });
    return found.length === 0 ? null : found[0][ELEMENT];
  }

  /** Waits for an element matching `css` and returns it. */
  async waitFind(css, options) {
    return waitFor(`an element matching ${css}`, () => this.find(css), options);
  }

  click(element) {
    return this.#call("POST", `/element/${element}/click`, {});
  }

  async type(element, text) {
    await this.#call("POST", `/element/${element}/clear`, {});
    return this.#call("POST", `/element/${element}/value`, { text });
  }

  /** Presses each key of `keys` in turn on whatever has the focus, as a keyboard would. */
  press(keys) {
    const actions = [...keys].flatMap((value) => [
      { type: "keyDown", value },
      { type: "keyUp", value },
    ]);
    return this.#call("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
  }

  text(element) {
    return this.#call("GET", `/element/${element}/text`);
  }

  /** Runs a script in the page; `args` are passed as `arguments`. */
  execute(script, args = []) {
    return this.#call("POST", "/execute/sync", { script, args });
  }

  /** The page's visible text inside the first element matching `css` ("" if none). */
  textOf(css) {
    return this.execute("const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", [css]);
  }

  /** Resizes the window (its outer size, in CSS pixels). */
  setWindowSize(width, height) {
    return this.#call("POST", "/window/rect", { width, height });
  }

  /** A PNG of the window, as a Buffer. */
  async screenshot() {
    return Buffer.from(await this.#call("GET", "/screenshot"), "base64");
  }

  async end() {
    await this.#call("DELETE", "");
  }

  /** The handles of the app's windows (each web view is one). */
  windowHandles() {
    return this.#call("GET", "/window/handles");
  }

  /** Makes the window of `handle` the one later commands act on. */
  switchToWindow(handle) {
    return this.#call("POST", "/window", { handle });
  }

  /** The handle of the window commands act on now. */
  windowHandle() {
    return this.#call("GET", "/window");
  }

  /** Resizes the current window (outer size, in CSS pixels). */
  setWindowSize(width, height) {
    return this.#call("POST", "/window/rect", { width, height });
  }
}
