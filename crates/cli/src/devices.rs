//! `onno devices`: the inputs and outputs live capture can use, and whether the output
//! of each can be recorded ("them").

use onno_audio::list_devices;

use crate::output::{Output, Table};

pub fn run(out: Output) -> anyhow::Result<()> {
    let devices = list_devices()?;
    out.emit(&devices, |devices| {
        let mut table = Table::new(&["", "KIND", "NAME", "FORMAT", "LOOPBACK", "DESCRIPTION"]);
        for d in devices {
            let kind = match (d.input, d.output) {
                (true, true) => "in/out",
                (true, false) => "input",
                (false, true) => "output",
                (false, false) => "-",
            };
            let format = match (d.sample_rate, d.channels) {
                (Some(rate), Some(ch)) => format!("{rate} Hz {ch} ch"),
                _ => "-".into(),
            };
            table.row(vec![
                if d.default { "*" } else { "" }.into(),
                kind.into(),
                d.name.clone(),
                format,
                d.loopback.clone().unwrap_or_else(|| "-".into()),
                d.description.clone(),
            ]);
        }
        format!(
            "{}\n* default. `onno record --mic NAME --system NAME` picks devices; an output's LOOPBACK is what is recorded as \"them\".",
            table.render()
        )
    })
}
