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
            return Err(AppError::new(AppErrorKind::Busy, what));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_job_of_a_kind_per_meeting_until_it_ends() {
        let jobs = MeetingJobs::default();
        let running = jobs.begin(Job::Analysis, 1).ok();
        assert!(running.is_some());
        let again = jobs.begin(Job::Analysis, 1).err().map(|e| e.message);
        assert_eq!(
            again.as_deref(),
            Some("this meeting is already being analysed")
        );
        // Another job on the meeting, or the same job on another meeting, may run.
        assert!(jobs.begin(Job::FinalPass, 1).is_ok());
        assert!(jobs.begin(Job::Analysis, 2).is_ok());
        drop(running);
        assert!(jobs.begin(Job::Analysis, 1).is_ok());
    }
}
