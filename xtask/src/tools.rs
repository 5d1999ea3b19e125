//! Installs what is missing and skips what is present: the wasm32 target, Trunk,
//! wasm-bindgen-cli at the version in Cargo.lock, the npm dev tools, Chromium (the release
//! build prerenders the pages in it), and for tests Schemathesis and the SCIM checkers; on demand, aiosmtpd for the recording SMTP server (`smtp.rs`).

use std::path::{Path, PathBuf};

use crate::cmd::{self, command, probe};
use crate::error::XtaskError;

/// The Trunk release that works with this toolchain (newer ones need a newer rustc).
pub const TRUNK_VERSION: &str = "0.21.14";
/// Debian's Chromium, driven by Playwright (the prerender, the browser tests) and by
/// wasm-bindgen-test through chromedriver.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The Schemathesis release (PyPI) that `cargo xtask schemathesis` runs.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Building and running the product.
    Run,
    /// Everything `Run` needs, plus the API checkers.
    Test,
}

pub fn ensure_all(purpose: Purpose) -> Result<(), XtaskError> {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_npm_packages()?;
    // The release build prerenders the pages in Chromium (xtask/prerender.mjs).
    ensure_chromium()?;
    if purpose == Purpose::Test {
        ensure_schemathesis()?;
        ensure_scim()?;
    }
    Ok(())
}

fn ensure_wasm_target() -> Result<(), XtaskError> {
    let installed = probe("rustup", &["target", "list", "--installed"])
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !installed {
        cmd::run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// The first line of `program --version`, if it runs.
fn version_of(program: &str) -> Option<String> {
    probe(program, &["--version"]).map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

fn ensure_trunk() -> Result<(), XtaskError> {
    if version_of("trunk").is_some_and(|v| v == format!("trunk {TRUNK_VERSION}")) {
        return Ok(());
    }
    // `--locked`: Trunk's own lock file; fresh resolution pulls an incompatible lightningcss.
    cmd::run(command("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// The version of the `wasm-bindgen` crate in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String, XtaskError> {
    let lock_path = cmd::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path).map_err(|e| XtaskError::io(&lock_path, e))?;
    locked_version(&lock, "wasm-bindgen").ok_or_else(|| {
        XtaskError::Build("Cargo.lock has no wasm-bindgen package; run `cargo fetch`".into())
    })
}

fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_string());
        }
    }
    None
}

fn ensure_wasm_bindgen() -> Result<(), XtaskError> {
    let wanted = locked_wasm_bindgen_version()?;
    let have = version_of("wasm-bindgen");
    let runner = probe("wasm-bindgen-test-runner", &["--version"]).is_some();
    if have.as_deref() == Some(&format!("wasm-bindgen {wanted}")) && runner {
        return Ok(());
    }
    cmd::run(command("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &format!("={wanted}"),
    ]))
}

/// `npm ci` when `node_modules` is missing or older than the lock file.
fn ensure_npm_packages() -> Result<(), XtaskError> {
    let root = cmd::root();
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules").join(".package-lock.json");
    if !is_newer(&lock, &installed) && root.join("node_modules/.bin/wasm-opt").exists() {
        return Ok(());
    }
    if probe("npm", &["--version"]).is_none() {
        return Err(XtaskError::MissingTool(
            "npm is missing: install Node.js 20 or newer with npm (apt-get install nodejs npm)"
                .into(),
        ));
    }
    cmd::run(command("npm").args(["ci", "--no-audit", "--no-fund"]))
}

/// Whether `a` was modified after `b` (true when `b` does not exist).
fn is_newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(a), modified(b)) {
        (Some(a), Some(b)) => a > b,
        (_, None) => true,
        (None, Some(_)) => false,
    }
}

/// Debian's Chromium and chromedriver: installed with apt when possible, otherwise a one-line
/// instruction.
fn ensure_chromium() -> Result<(), XtaskError> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(
        &["chromium", "chromium-driver"],
        Recommends::Yes,
        "Chromium is missing: run `sudo apt-get install chromium chromium-driver`, then try again",
    )
}

/// Debian's SpamAssassin (`cargo xtask mail-check`): installed with apt when missing.
pub const SPAMASSASSIN: &str = "/usr/bin/spamassassin";

pub fn ensure_spamassassin() -> Result<PathBuf, XtaskError> {
    if !Path::new(SPAMASSASSIN).exists() {
        apt_install(
            &["spamassassin"],
            Recommends::No,
            "SpamAssassin is missing: run `sudo apt-get install spamassassin`, then try again",
        )?;
    }
    Ok(PathBuf::from(SPAMASSASSIN))
}

/// Whether this runs as root (and so may install with apt, or run a program as another user).
pub fn is_root() -> bool {
    probe("id", &["-u"]).is_some_and(|o| o.stdout.starts_with(b"0"))
}

/// Whether apt installs a package's recommended packages too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recommends {
    Yes,
    No,
}

/// Installs Debian's `packages` with apt, when this runs as root and apt is there; otherwise,
/// or when apt fails, the error says `instruction` (what to run by hand).
pub fn apt_install(
    packages: &[&str],
    recommends: Recommends,
    instruction: &str,
) -> Result<(), XtaskError> {
    let missing = || XtaskError::MissingTool(instruction.into());
    if !is_root() || probe("apt-get", &["--version"]).is_none() {
        return Err(missing());
    }
    let apt = |args: &[&str]| {
        cmd::run(
            command("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    let mut install = vec!["install", "-y", "-qq"];
    if recommends == Recommends::No {
        install.push("--no-install-recommends");
    }
    install.extend_from_slice(packages);
    apt(&["update", "-qq"])
        .and_then(|()| apt(&install))
        .map_err(|_| missing())
}

/// The Python virtual environment that holds Schemathesis, under the target directory.
fn schemathesis_venv() -> PathBuf {
    cmd::target_dir().join("schemathesis-venv")
}

/// Schemathesis [`SCHEMATHESIS_VERSION`] in its own virtual environment, installed from PyPI
/// when missing or of another version; answers its executable.
pub fn ensure_schemathesis() -> Result<PathBuf, XtaskError> {
    let venv = schemathesis_venv();
    let executable = venv.join("bin").join("schemathesis");
    let have = executable.to_str().and_then(version_of);
    if have.as_deref() == Some(&format!("schemathesis, version {SCHEMATHESIS_VERSION}")) {
        return Ok(executable);
    }
    install_in_venv(&venv, &format!("schemathesis=={SCHEMATHESIS_VERSION}"))?;
    Ok(executable)
}

/// The Lighthouse release (npm) that `cargo xtask bench` runs on the public pages: the last
/// that runs on Node.js 20 (13 needs 22).
pub const LIGHTHOUSE_VERSION: &str = "12.8.2";

/// Lighthouse [`LIGHTHOUSE_VERSION`] in its own directory under the target directory (185 MB:
/// only for the benchmark, so not in `package.json`), installed from npm when missing or of
/// another version; answers its command-line script.
pub fn ensure_lighthouse() -> Result<PathBuf, XtaskError> {
    let prefix = cmd::target_dir().join("lighthouse");
    let package = prefix.join("node_modules").join("lighthouse");
    let script = package.join("cli").join("index.js");
    let installed = std::fs::read_to_string(package.join("package.json")).unwrap_or_default();
    if script.is_file() && installed.contains(&format!("\"version\": \"{LIGHTHOUSE_VERSION}\"")) {
        return Ok(script);
    }
    cmd::run(
        command("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(format!("lighthouse@{LIGHTHOUSE_VERSION}")),
    )?;
    Ok(script)
}

/// The aiosmtpd release (PyPI) that the recording SMTP server of the tests runs on
/// (`smtp.rs`, `xtask/smtp_recorder.py`).
pub const AIOSMTPD_VERSION: &str = "1.4.6";

/// aiosmtpd [`AIOSMTPD_VERSION`] in its own virtual environment under the target directory,
/// installed from PyPI when missing or of another version; answers the environment's Python.
pub fn ensure_aiosmtpd() -> Result<PathBuf, XtaskError> {
    let venv = cmd::target_dir().join("smtp-venv");
    let python = venv.join("bin").join("python");
    let have = python.to_str().and_then(|python| {
        let version = "import importlib.metadata as m; print(m.version('aiosmtpd'))";
        probe(python, &["-c", version])
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    });
    if have.as_deref() == Some(AIOSMTPD_VERSION) {
        return Ok(python);
    }
    install_in_venv(&venv, &format!("aiosmtpd=={AIOSMTPD_VERSION}"))?;
    Ok(python)
}

/// The SCIM checkers (PyPI) that `cargo xtask scim` runs: the compliance checker and the
/// client library in the role of an identity provider (with its httpx2 engine).
pub const SCIM_REQUIREMENTS: [&str; 2] = ["scim2-tester==0.5.2", "scim2-client[httpx2]==0.13.2"];

/// scim2-tester and scim2-client ([`SCIM_REQUIREMENTS`]) in their own virtual environment under
/// the target directory, installed from PyPI when missing or of other versions; answers the
/// environment's Python.
pub fn ensure_scim() -> Result<PathBuf, XtaskError> {
    let venv = cmd::target_dir().join("scim-venv");
    let python = venv.join("bin").join("python");
    let have = python.to_str().and_then(|python| {
        let versions = "import importlib.metadata as m; \
                        print(m.version('scim2-tester'), m.version('scim2-client'), \
                        m.version('httpx2'))";
        probe(python, &["-c", versions])
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    });
    let wanted = |requirement: &str| requirement.rsplit("==").next().map(str::to_owned);
    let ok = have.as_deref().is_some_and(|have| {
        let versions: Vec<&str> = have.split(' ').collect();
        versions.len() == 3
            && SCIM_REQUIREMENTS
                .iter()
                .zip(&versions)
                .all(|(requirement, version)| wanted(requirement).as_deref() == Some(version))
    });
    if ok {
        return Ok(python);
    }
    install_in_venv_all(&venv, &SCIM_REQUIREMENTS)?;
    Ok(python)
}

/// A new virtual environment at `venv` (replacing what is there) with `requirement` from PyPI.
fn install_in_venv(venv: &Path, requirement: &str) -> Result<(), XtaskError> {
    install_in_venv_all(venv, &[requirement])
}

/// A new virtual environment at `venv` (replacing what is there) with `requirements` from PyPI.
fn install_in_venv_all(venv: &Path, requirements: &[&str]) -> Result<(), XtaskError> {
    if probe("python3", &["-c", "import venv, ensurepip"]).is_none() {
        return Err(XtaskError::MissingTool(
            "Python 3 with venv is missing: install it (apt-get install python3 python3-venv)"
                .into(),
        ));
    }
    cmd::run(command("python3").args(["-m", "venv", "--clear"]).arg(venv))?;
    cmd::run(
        command(&venv.join("bin").join("python").to_string_lossy())
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(requirements),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_locked_version_of_a_package() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.1\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "trunk"), None);
    }
}
