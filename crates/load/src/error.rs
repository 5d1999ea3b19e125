//! What can go wrong in a load run.

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}")]
    Usage(String),
    #[error("goose: {0}")]
    Goose(#[from] goose::GooseError),
    #[error("the load generator's runtime: {0}")]
    Runtime(std::io::Error),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}
