//! Reads a streamed answer (server-sent events): `data: {json}` events separated by a
//! blank line, ending with `data: [DONE]`. Fed bytes as they arrive, so an event split
//! across network reads is put back together.

use crate::wire::{WireReply, WireUsage};

/// The answer built up from the events seen so far.
#[derive(Debug, Default)]
pub(crate) struct SseReader {
    pending: Vec<u8>,
    pub content: String,
    pub usage: Option<WireUsage>,
    pub model: Option<String>,
    pub finish_reason: Option<String>,
    pub refusal: Option<String>,
    pub done: bool,
}

impl SseReader {
    /// Adds bytes; returns the content added by the complete events among them, or an
    /// error naming what could not be read.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<String, String> {
        self.pending.extend_from_slice(bytes);
        let mut added = String::new();
        while let Some((end, sep)) = event_end(&self.pending) {
            let event: Vec<u8> = self.pending.drain(..end + sep).take(end).collect();
            let text = String::from_utf8_lossy(&event);
            added.push_str(&self.event(&text)?);
        }
        Ok(added)
    }

    /// Reads an event left without its closing blank line when the stream ended.
    pub fn finish(&mut self) -> Result<String, String> {
        let rest = std::mem::take(&mut self.pending);
        let text = String::from_utf8_lossy(&rest);
        if text.trim().is_empty() {
            return Ok(String::new());
        }
        self.event(&text)
    }

    fn event(&mut self, text: &str) -> Result<String, String> {
        let data: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .map(|d| d.strip_prefix(' ').unwrap_or(d))
            .collect();
        if data.is_empty() {
            return Ok(String::new()); // a comment or keep-alive
        }
        let data = data.join("\n");
        if data.trim() == "[DONE]" {
            self.done = true;
            return Ok(String::new());
        }
        let chunk: WireReply = serde_json::from_str(&data)
            .map_err(|e| format!("a streamed event is not a chat completion chunk ({e})"))?;
        if let Some(usage) = chunk.usage {
            self.usage = Some(usage);
        }
        if chunk.model.is_some() {
            self.model = chunk.model;
        }
        let mut added = String::new();
        for choice in chunk.choices {
            if let Some(delta) = choice.delta.or(choice.message) {
                added.push_str(delta.content.as_deref().unwrap_or(""));
                if let Some(r) = delta.refusal {
                    self.refusal.get_or_insert_with(String::new).push_str(&r);
                }
            }
            if choice.finish_reason.is_some() {
                self.finish_reason = choice.finish_reason;
            }
        }
        self.content.push_str(&added);
        Ok(added)
    }
}

/// The end of the first complete event and the length of its separator.
fn event_end(buf: &[u8]) -> Option<(usize, usize)> {
    let lf = find(buf, b"\n\n").map(|i| (i, 2));
    let crlf = find(buf, b"\r\n\r\n").map(|i| (i, 4));
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::SseReader;

    #[test]
    fn events_split_across_reads_are_joined_and_done_ends_the_stream() {
        let stream = concat!(
            "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n",
            ": keep-alive\n\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"lo 런웨이\"},\"finish_reason\":\"stop\"}]}\r\n\r\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}\n\n",
            "data: [DONE]\n\n"
        )
        .as_bytes();
        let mut reader = SseReader::default();
        for piece in stream.chunks(5) {
            reader.feed(piece).unwrap();
        }
        reader.finish().unwrap();
        assert_eq!(reader.content, "Hello 런웨이");
        assert!(reader.done);
        assert_eq!(reader.usage.map(|u| u.prompt_tokens), Some(7));
        assert_eq!(reader.finish_reason.as_deref(), Some("stop"));
    }

    #[test]
    fn a_broken_event_is_an_error_not_a_panic() {
        let mut reader = SseReader::default();
        assert!(reader.feed(b"data: {not json\n\n").is_err());
    }
}
