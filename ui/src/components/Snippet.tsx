import type { SnippetSpan } from "../bindings.gen";

/**
 * A search snippet. Transcript text is data, never markup: every span becomes a React
 * text node (escaped by React) and matches are wrapped in <mark>. No innerHTML.
 */
export function Snippet({ spans }: { spans: SnippetSpan[] }) {
  return (
    <span className="snippet">
      {spans.map((span, i) => (span.highlight ? <mark key={i}>{span.text}</mark> : <span key={i}>{span.text}</span>))}
    </span>
  );
}
