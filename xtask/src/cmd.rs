//! Running child processes with the project's PATH: `node_modules/.bin` first (binaryen's
//! wasm-opt must win over Debian's), then `~/.cargo/bin`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::error::XtaskError;

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, or `target/` in the workspace root.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// PATH with the project's tool directories in front.
pub fn path_env() -> OsString {
    let mut dirs = vec![root().join("node_modules").join(".bin")];
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH entries contain no separator")
}

/// A command in the workspace root with the project's PATH.
pub fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root()).env("PATH", path_env());
    cmd
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|s| s.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `cmd` with inherited output; an error when it does not succeed.
pub fn run(cmd: &mut Command) -> Result<(), XtaskError> {
    let command = describe(cmd);
    println!("$ {command}");
    let status = cmd.status().map_err(|source| XtaskError::Spawn {
        command: command.clone(),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(XtaskError::CommandFailed {
            command,
            status: status.to_string(),
        })
    }
}

/// Runs `cmd`, echoing its output live while also capturing it (for counting test results).
/// Returns whether it succeeded and everything it printed.
pub fn run_captured(cmd: &mut Command) -> Result<(bool, String), XtaskError> {
    use std::io::{BufRead, BufReader};
    let command = describe(cmd);
    println!("$ {command}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| XtaskError::Spawn {
            command: command.clone(),
            source,
        })?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let err_thread = std::thread::spawn(move || {
        let mut text = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("{line}");
            text.push_str(&line);
            text.push('\n');
        }
        text
    });
    let mut text = String::new();
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        println!("{line}");
        text.push_str(&line);
        text.push('\n');
    }
    let status = child.wait().map_err(|source| XtaskError::Spawn {
        command: command.clone(),
        source,
    })?;
    text.push_str(&err_thread.join().unwrap_or_default());
    Ok((status.success(), text))
}

/// The output of a quiet probe such as `trunk --version`; `None` when it cannot run.
pub fn probe(program: &str, args: &[&str]) -> Option<Output> {
    command(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
}

/// A command line of `--flag value` pairs, in order; a flag without its value is `usage`.
pub fn flags<'a>(
    args: &'a [String],
    usage: &'static str,
) -> Result<Vec<(&'a str, &'a str)>, XtaskError> {
    args.chunks(2)
        .map(|pair| match pair {
            [flag, value] => Ok((flag.as_str(), value.as_str())),
            _ => Err(XtaskError::Usage(usage)),
        })
        .collect()
}

/// A flag's whole number, `_` allowed between digits (`100_000`); anything else is `usage`.
pub fn number<T: std::str::FromStr>(value: &str, usage: &'static str) -> Result<T, XtaskError> {
    value
        .replace('_', "")
        .parse()
        .map_err(|_| XtaskError::Usage(usage))
}
