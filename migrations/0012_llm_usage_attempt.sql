-- Onno schema, version 12: which try of a request each call to the language model was,
-- so a call that only found out how the endpoint takes structured output does not read
-- as a failure.

-- 'first': the request as first asked; 'format_fallback': asked again another way
-- after the endpoint refused or ignored the way structured output was asked;
-- 'repair': the one request to repair an answer that broke the schema.
ALTER TABLE llm_usage ADD COLUMN attempt TEXT NOT NULL DEFAULT 'first'
    CHECK (attempt IN ('first', 'format_fallback', 'repair'));
-- 1 when this call's answer was the endpoint refusing (or ignoring) the way structured
-- output was asked, and the next way was tried: a format negotiation, not a failure.
ALTER TABLE llm_usage ADD COLUMN format_refused INTEGER NOT NULL DEFAULT 0
    CHECK (format_refused IN (0, 1));
