//! Keeping a device in sync while the app runs: a round whenever this device has
//! changes waiting or the server says another device sent some, and patience with a
//! server that is away.

use std::time::{Duration, Instant};

use onno_secrets::Secrets;
use onno_store::Store;
use tokio::sync::watch;

use super::account::store_error;
use super::engine::{Device, Round};
use super::error::{SyncError, SyncErrorKind};
use super::files::{Fetch, FetchFiles, Transfer};

/// How often the store is asked whether this device has changes to send: a meeting
/// reaches the other devices within about this much after it is written.
const LOCAL_POLL: Duration = Duration::from_secs(1);
/// How long one long poll waits for another device's changes (the server's cap is 60 s).
const REMOTE_WAIT: Duration = Duration::from_secs(55);
/// How fast the loop may send requests: within the server's per-device limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// Requests the loop may send per `window`, long polls included.
    pub round_requests: f64,
    pub window: Duration,
    /// Requests that may go at once after a quiet spell.
    pub burst: f64,
}

impl Default for Pace {
    /// The server answers a device's 101st request in 15 minutes with "too many
    /// requests" (its default). The loop stays under it with room to spare (a sign-in,
    /// a "sync now"): a burst of 20 requests at once after a quiet spell (a meeting that
    /// just ended reaches the other devices at once), then 70 per window, a round every
    /// half minute or so while changes keep coming (a meeting being recorded).
    fn default() -> Pace {
        Pace {
            round_requests: 70.0,
            window: Duration::from_secs(15 * 60),
            burst: 20.0,
        }
    }
}

/// Requests a round usually takes: a push and a pull, with one to spare.
const ROUND_COST: f64 = 3.0;
/// Waits between tries while the server is unreachable: doubling up to the last.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Syncs until `stop` turns true, telling `report` how each round went. Returns early
/// only on an error no waiting can mend (signed out, the key gone from the keychain, a
/// newer Onno's data), after reporting it.
pub async fn keep_in_sync(
    store: &Store,
    secrets: &Secrets,
    pace: Pace,
    mut stop: watch::Receiver<bool>,
    mut report: impl FnMut(&Result<Round, SyncError>),
) {
    let mut backoff = FIRST_BACKOFF;
    let mut budget = Budget::full(pace);
    while !*stop.borrow() {
        let device = match Device::open(store, secrets).await {
            Ok(device) => device,
            Err(e) => {
                let transient = e.is_transient();
                let failed = Err(e);
                // The status says why, as it does for a failed round; a store that
                // cannot keep it has nothing better to say.
                let _ = super::engine::record(store, &failed);
                report(&failed);
                if !transient || pause(&mut stop, &mut backoff).await {
                    return;
                }
                continue;
            }
        };
        let mut files = FilePass::default();
        loop {
            if *stop.borrow() || budget.wait_for(ROUND_COST, &mut stop).await {
                return;
            }
            let before = device.api().requests_sent();
            let round = device.sync().await;
            budget.spend((device.api().requests_sent() - before) as f64);
            report(&round);
            match round {
                Ok(ref round) => {
                    backoff = FIRST_BACKOFF;
                    if files.due(round) {
                        let carried = carry_files(&device, store).await;
                        files.done(&carried);
                        if let Ok(t) = &carried
                            && t.fetched > 0
                        {
                            // Views showing a meeting whose recording just came refresh.
                            report(&Ok(Round {
                                files_fetched: t.fetched,
                                ..Round::default()
                            }));
                        }
                        if matches!(carried, Ok(ref t) if t.more) {
                            continue; // more to carry: the next slice after a round
                        }
                    }
                }
                // The access token lapsed: open again with the refresh token.
                Err(e) if e.kind() == SyncErrorKind::Unauthorized => break,
                Err(e) if e.is_transient() => {
                    if e.kind() == SyncErrorKind::TooManyRequests {
                        // The server counted more than the pace allows (another app
                        // on the same account, a restart): let the window drain.
                        budget.tokens = -pace.burst;
                    }
                    if pause(&mut stop, &mut backoff).await {
                        return;
                    }
                    continue;
                }
                Err(_) => return,
            }
            // The long poll counts against the limit like any request.
            let before = device.api().requests_sent();
            tokio::select! {
                _ = remote_changes(&device, store) => {}
                _ = local_changes(store) => {}
                _ = stop.changed() => return,
            }
            budget.spend((device.api().requests_sent() - before) as f64);
        }
    }
}

/// How long one slice of file transfers may take before the rows get a round again.
const FILE_SLICE: Duration = Duration::from_secs(10);
/// How often files are looked for when no round brought anything: a file another
/// device had not sent yet may have arrived since.
const FILE_RECHECK: Duration = Duration::from_secs(5 * 60);

/// When the loop carries files: after a round that moved rows (a new recording or file
/// may come with them), while a transfer has more to do, and now and then.
#[derive(Default)]
struct FilePass {
    last: Option<Instant>,
    more: bool,
}

impl FilePass {
    fn due(&self, round: &Round) -> bool {
        self.more
            || round.pushed > 0
            || round.applied > 0
            || self.last.is_none_or(|at| at.elapsed() >= FILE_RECHECK)
    }

    fn done(&mut self, carried: &Result<Transfer, SyncError>) {
        self.last = Some(Instant::now());
        self.more = matches!(carried, Ok(t) if t.more);
    }
}

/// One slice of file transfers, fetching as this device's setting says. Its outcome
/// joins the status: files refused are counted, and a failure other than the server
/// being away (which the next round reports) is shown.
async fn carry_files(device: &Device<'_>, store: &Store) -> Result<Transfer, SyncError> {
    let fetch = match FetchFiles::load(store) {
        Ok(FetchFiles::Always) => Fetch::All,
        Ok(FetchFiles::OnDemand) => Fetch::None,
        Err(e) => return Err(e),
    };
    let until = Some(Instant::now() + FILE_SLICE);
    let carried = device.transfer_files(fetch, until, &mut |_| {}).await;
    let _ = super::engine::record_files(store, &carried);
    carried
}

/// Returns when the server has changes past this device's cursor (or the wait ends).
async fn remote_changes(device: &Device<'_>, store: &Store) {
    let Ok(cursor) = store.sync_cursor().map_err(store_error) else {
        return;
    };
    if device
        .api()
        .wait(device.access_token(), cursor, REMOTE_WAIT)
        .await
        .is_err()
    {
        // Unreachable now: the next round says so and backs off.
        tokio::time::sleep(LOCAL_POLL).await;
    }
}

/// Returns when this device has changes waiting to go.
async fn local_changes(store: &Store) {
    loop {
        tokio::time::sleep(LOCAL_POLL).await;
        if store.pending_change_count().map_or(true, |n| n > 0) {
            return;
        }
    }
}

/// Requests the loop may still send now: refilled at the pace the server allows.
struct Budget {
    pace: Pace,
    tokens: f64,
    at: Instant,
}

impl Budget {
    fn full(pace: Pace) -> Budget {
        Budget {
            pace,
            tokens: pace.burst,
            at: Instant::now(),
        }
    }

    fn rate(&self) -> f64 {
        self.pace.round_requests / self.pace.window.as_secs_f64().max(1.0)
    }

    fn refill(&mut self) {
        let now = Instant::now();
        self.tokens =
            (self.tokens + self.rate() * (now - self.at).as_secs_f64()).min(self.pace.burst);
        self.at = now;
    }

    fn spend(&mut self, requests: f64) {
        self.refill();
        self.tokens -= requests;
    }

    /// Waits until `requests` may be sent; `true` when told to stop meanwhile.
    async fn wait_for(&mut self, requests: f64, stop: &mut watch::Receiver<bool>) -> bool {
        self.refill();
        if self.tokens >= requests {
            return false;
        }
        let wait = Duration::from_secs_f64((requests - self.tokens) / self.rate());
        tokio::select! {
            _ = tokio::time::sleep(wait) => *stop.borrow(),
            _ = stop.changed() => true,
        }
    }
}

/// Waits out the backoff; `true` when told to stop meanwhile.
async fn pause(stop: &mut watch::Receiver<bool>, backoff: &mut Duration) -> bool {
    let wait = *backoff;
    *backoff = (*backoff * 2).min(MAX_BACKOFF);
    tokio::select! {
        _ = tokio::time::sleep(wait) => *stop.borrow(),
        _ = stop.changed() => true,
    }
}
