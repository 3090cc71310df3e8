import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Snippet } from "./Snippet";

describe("Snippet", () => {
  it("marks the matched words", () => {
    const html = renderToStaticMarkup(
      <Snippet
        spans={[
          { text: "MRR이 ", highlight: false },
          { text: "50K", highlight: true },
        ]}
      />,
    );
    expect(html).toBe('<span class="snippet"><span>MRR이 </span><mark>50K</mark></span>');
  });

  it("renders transcript text as text, never as markup", () => {
    const html = renderToStaticMarkup(
      <Snippet spans={[{ text: '<img src=x onerror="alert(1)">', highlight: true }]} />,
    );
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });
});
