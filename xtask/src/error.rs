//! What can go wrong in an xtask command.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum XtaskError {
    #[error("{0}")]
    Usage(&'static str),
    #[error("`{command}` failed ({status})")]
    CommandFailed { command: String, status: String },
    #[error("could not start `{command}`: {source}")]
    Spawn {
        command: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    MissingTool(String),
    #[error("{0}")]
    Build(String),
    #[error("the server did not become healthy on {url} within {seconds} s")]
    ServerNotHealthy { url: String, seconds: u64 },
    #[error("{what}: {source}")]
    Http { what: String, source: ureq::Error },
    #[error("{failed} check(s) failed")]
    TestsFailed { failed: usize },
    #[error("could not signal {what}: {source}")]
    Signal {
        what: String,
        source: nix::errno::Errno,
    },
    #[error("{what} within {seconds} s")]
    Timeout { what: String, seconds: u64 },
    #[error("interrupted")]
    Interrupted,
    #[error("{path}, line {line}: {source}")]
    Record {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

impl XtaskError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        XtaskError::Io {
            path: path.into(),
            source,
        }
    }
}
