//! `onno config llm ...`: the language model endpoint (in the store's settings), its key
//! (in the keychain only) and the on/off switches. `onno config audio-retention`: how
//! long recordings are kept. `onno config languages`: the languages the user speaks,
//! among which "auto" chooses.

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use onno_assist::KeyChange;
use onno_llm::{LlmSettings, set_llm_enabled_for_meeting};
use onno_store::Store;
use serde::Serialize;

use crate::llm::{key_status, secrets};
use crate::output::Output;

#[derive(Subcommand)]
pub enum Command {
    /// Set the language model endpoint, its key and the on/off switches
    Llm(LlmArgs),
    /// Show or set how long recordings are kept; transcripts always stay
    AudioRetention(RetentionArgs),
    /// Show or set the languages you speak in meetings; `--language auto` chooses
    /// among them
    Languages(LanguagesArgs),
}

#[derive(Args)]
pub struct LanguagesArgs {
    /// Language codes or English names, the most used first: `ko en`. One language
    /// means "auto" is always that one [default: ko en]
    #[arg(value_name = "LANGUAGE")]
    set: Vec<String>,
}

#[derive(Serialize)]
struct Languages {
    spoken_languages: Vec<String>,
}

fn languages(store: &Store, out: Output, args: LanguagesArgs) -> anyhow::Result<()> {
    let spoken_languages = match args.set.is_empty() {
        true => store.spoken_languages()?,
        false => onno_live::set_spoken_languages(store, &args.set)?,
    };
    out.emit(&Languages { spoken_languages }, |l| {
        format!(
            "languages spoken in meetings: {} (\"auto\" chooses among them)",
            l.spoken_languages.join(", ")
        )
    })
}

#[derive(Args)]
pub struct RetentionArgs {
    /// keep, or 30, 60 or 90: delete a meeting's recordings that many days after it.
    /// Applied at once, and again whenever Onno starts
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(["keep", "30", "60", "90"]))]
    set: Option<String>,
}

#[derive(Serialize)]
struct Retention {
    audio_retention: &'static str,
    /// Meetings whose recordings were deleted by this change.
    recordings_deleted: usize,
}

fn audio_retention(store: &Store, out: Output, args: RetentionArgs) -> anyhow::Result<()> {
    let mut deleted = 0;
    if let Some(value) = args.set {
        store.set_audio_retention(value.parse()?)?;
        deleted = store.apply_audio_retention(&onno_store::now_timestamp())?;
    }
    let shown = Retention {
        audio_retention: store.audio_retention()?.as_str(),
        recordings_deleted: deleted,
    };
    out.emit(&shown, |r| {
        let kept = match r.audio_retention {
            "keep" => "recordings are kept".to_owned(),
            days => format!("recordings are deleted {days} days after their meeting"),
        };
        match r.recordings_deleted {
            0 => kept,
            n => format!("{kept}; deleted the recordings of {n} meetings"),
        }
    })
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("switch").args(["on", "off"])))]
pub struct LlmArgs {
    /// OpenAI-compatible base URL: https://api.openai.com/v1, http://localhost:11434/v1
    /// (Ollama), http://localhost:8080/v1 (llama.cpp), or an Azure deployment URL
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// The model (or Azure deployment) name
    #[arg(long, value_name = "NAME")]
    model: Option<String>,
    /// An extra request header, NAME=VALUE (repeat for more; replaces earlier ones).
    /// Never a key: keys go to the keychain
    #[arg(long = "header", value_name = "NAME=VALUE", value_parser = pair)]
    headers: Vec<(String, String)>,
    /// An extra query parameter, NAME=VALUE, such as Azure's api-version=2024-10-21
    #[arg(long = "query", value_name = "NAME=VALUE", value_parser = pair)]
    query: Vec<(String, String)>,
    /// The header that carries the key: api-key for Azure [default: Authorization: Bearer]
    #[arg(long, value_name = "NAME")]
    key_header: Option<String>,
    /// Ask for answers in one piece instead of streamed
    #[arg(long)]
    no_stream: bool,
    /// Switch the language model off (only the offline signals run)
    #[arg(long, conflicts_with = "on")]
    off: bool,
    /// Switch the language model back on
    #[arg(long)]
    on: bool,
    /// With --off or --on: switch it for this meeting only
    #[arg(long, value_name = "ID", requires = "switch")]
    meeting: Option<i64>,
    /// Read the key from stdin (one line) instead of prompting
    #[arg(long, conflicts_with = "no_key")]
    key_stdin: bool,
    /// The endpoint needs no key (a local server): the keychain is not needed or asked;
    /// a stored key is forgotten where a keychain runs
    #[arg(long)]
    no_key: bool,
}

impl LlmArgs {
    fn switch(&self) -> Option<bool> {
        match (self.on, self.off) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.trim().to_owned())),
        _ => Err(format!("{text:?} is not NAME=VALUE")),
    }
}

#[derive(Serialize)]
struct Shown {
    settings: Option<LlmSettings>,
    key: String,
    meeting: Option<MeetingSwitch>,
}

#[derive(Serialize)]
struct MeetingSwitch {
    meeting_id: i64,
    enabled: bool,
}

pub fn run(store: &Store, out: Output, command: Command) -> anyhow::Result<()> {
    let args = match command {
        Command::Llm(args) => args,
        Command::AudioRetention(args) => return audio_retention(store, out, args),
        Command::Languages(args) => return languages(store, out, args),
    };
    if let (Some(id), Some(on)) = (args.meeting, args.switch()) {
        store.meeting(id)?;
        set_llm_enabled_for_meeting(store, id, on)?;
        let settings = LlmSettings::load(store)?;
        let shown = Shown {
            key: key_status(settings.as_ref()),
            settings,
            meeting: Some(MeetingSwitch {
                meeting_id: id,
                enabled: on,
            }),
        };
        return out.emit(&shown, human);
    }

    let endpoint_given = args.base_url.is_some() || args.model.is_some();
    let mut settings = match (LlmSettings::load(store)?, &args.base_url, &args.model) {
        (_, Some(url), Some(model)) => {
            let mut s = LlmSettings::new(url, model);
            if let Some(old) = LlmSettings::load(store)? {
                s.enabled = old.enabled;
            }
            s
        }
        (Some(mut old), url, model) => {
            if let Some(url) = url {
                old.base_url = url.trim().trim_end_matches('/').to_owned();
            }
            if let Some(model) = model {
                old.model = model.trim().to_owned();
            }
            old
        }
        (None, _, _) if args.switch().is_some() || endpoint_given || args.key_stdin => {
            bail!("no language model is configured yet; pass both --base-url and --model")
        }
        (None, _, _) => {
            let shown = Shown {
                settings: None,
                key: key_status(None),
                meeting: None,
            };
            return out.emit(&shown, human);
        }
    };
    if !args.headers.is_empty() {
        settings.headers = args.headers.clone();
    }
    if !args.query.is_empty() {
        settings.query = args.query.clone();
    }
    if let Some(h) = &args.key_header {
        settings.key_header = Some(h.trim().to_owned()).filter(|h| !h.is_empty());
    }
    if args.no_stream {
        settings.stream = false;
    }
    if let Some(on) = args.switch() {
        settings.enabled = on;
    }
    let key = if args.no_key {
        settings.keyless = true;
        KeyChange::Forget
    } else if let Some(key) = read_key(&args, endpoint_given)? {
        settings.keyless = false;
        KeyChange::Set(key)
    } else {
        KeyChange::Keep
    };
    onno_assist::save_llm_settings(store, &secrets(), &settings, key)?;
    let shown = Shown {
        key: key_status(Some(&settings)),
        settings: Some(settings),
        meeting: None,
    };
    out.emit(&shown, human)
}

/// The key from stdin (`--key-stdin`) or a hidden prompt (a new endpoint on a
/// terminal); `None` leaves the stored key as it is.
fn read_key(args: &LlmArgs, endpoint_given: bool) -> anyhow::Result<Option<String>> {
    if args.key_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the key from stdin")?;
        let key = line.trim().to_owned();
        if key.is_empty() {
            bail!("--key-stdin read an empty key; use --no-key for an endpoint without one");
        }
        return Ok(Some(key));
    }
    if endpoint_given && std::io::stdin().is_terminal() {
        let key = rpassword::prompt_password("API key (leave empty to keep the stored one): ")
            .context("cannot read the key")?;
        return Ok(Some(key.trim().to_owned()).filter(|k| !k.is_empty()));
    }
    Ok(None)
}

fn human(shown: &Shown) -> String {
    let mut out = String::new();
    match &shown.settings {
        None => out.push_str("language model: not configured\n"),
        Some(s) => {
            out.push_str(&format!(
                "language model: {}\nendpoint: {}\nmodel: {}\n",
                if s.enabled { "on" } else { "off" },
                s.base_url,
                s.model
            ));
            for (name, value) in &s.headers {
                out.push_str(&format!("header: {name}: {value}\n"));
            }
            for (name, value) in &s.query {
                out.push_str(&format!("query: {name}={value}\n"));
            }
            if let Some(h) = &s.key_header {
                out.push_str(&format!("key header: {h}\n"));
            }
            out.push_str(&format!(
                "streaming: {}\n",
                if s.stream { "on" } else { "off" }
            ));
        }
    }
    out.push_str(&format!("key: {}\n", shown.key));
    if let Some(m) = &shown.meeting {
        out.push_str(&format!(
            "meeting {}: language model {}\n",
            m.meeting_id,
            if m.enabled { "on" } else { "off" }
        ));
    }
    out
}
