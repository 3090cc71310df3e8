//! Long jobs on one meeting that must not overlap: two final passes would both replace
//! the same live rows, and two analyses would both store the same action items.

use std::collections::HashSet;
use std::sync::Mutex;

use crate::error::{AppError, AppErrorKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    FinalPass,
    Analysis,
}

/// The jobs running now, by meeting.
#[derive(Default)]
pub struct MeetingJobs(Mutex<HashSet<(Job, i64)>>);

/// Holds a job in [`MeetingJobs`] until dropped.
pub struct Running<'a> {
    jobs: &'a MeetingJobs,
    key: (Job, i64),
}

impl MeetingJobs {
    /// Marks `job` running on `meeting_id`, or says why it cannot start.
    pub fn begin(&self, job: Job, meeting_id: i64) -> Result<Running<'_>, AppError> {
        let key = (job, meeting_id);
        if !self.lock().insert(key) {
            let what = match job {
                Job::FinalPass => "this meeting is already being transcribed again",
                Job::Analysis => "this meeting is already being analysed",
            };
            return Err(AppError::new(AppErrorKind::Invalid, what));
        }
        Ok(Running { jobs: self, key })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<(Job, i64)>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.jobs.lock().remove(&self.key);
    }
}
