//! WebAuthn in the browser: the server's options in their JSON form go through
//! `PublicKeyCredential.parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON` to
//! `navigator.credentials.create` / `get`, and the credential comes back through its
//! `toJSON()`. Called through `js_sys::Reflect` rather than web-sys's typed bindings: these
//! JSON helpers (Chromium 129, Firefox 119, Safari 18) are not in web-sys, and the typed
//! WebAuthn bindings would only convert what the JSON helpers already do.

use js_sys::{Function, JSON, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why the browser gave no passkey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasskeyFailure {
    /// This browser has no passkeys (or not their JSON helpers).
    Unsupported,
    /// The person cancelled, the time ran out, or no passkey of this site is on the device
    /// (the browser does not say which: `NotAllowedError`).
    NotAllowed,
    /// This passkey is on the account already (`InvalidStateError` at creation).
    Exists,
    /// Anything else the browser said.
    Other(String),
}

fn global(name: &str) -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .filter(|value| !value.is_undefined())
}

fn method(target: &JsValue, name: &str) -> Result<Function, PasskeyFailure> {
    Reflect::get(target, &name.into())
        .ok()
        .and_then(|value| value.dyn_into::<Function>().ok())
        .ok_or(PasskeyFailure::Unsupported)
}

/// Whether this browser offers passkeys as this module uses them.
pub fn supported() -> bool {
    global("PublicKeyCredential")
        .is_some_and(|class| method(&class, "parseRequestOptionsFromJSON").is_ok())
}

fn failure(error: JsValue) -> PasskeyFailure {
    let name = Reflect::get(&error, &"name".into())
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "AbortError" => PasskeyFailure::NotAllowed,
        "InvalidStateError" => PasskeyFailure::Exists,
        _ => PasskeyFailure::Other(format!("{name}: {error:?}")),
    }
}

/// Runs `navigator.credentials.<call>` with `options.publicKey` parsed by `parser`; answers
/// the credential's JSON.
async fn ceremony(
    options: &serde_json::Value,
    parser: &str,
    call: &str,
) -> Result<serde_json::Value, PasskeyFailure> {
    let class = global("PublicKeyCredential").ok_or(PasskeyFailure::Unsupported)?;
    let parse = method(&class, parser)?;
    let text = serde_json::to_string(&options["publicKey"])
        .map_err(|error| PasskeyFailure::Other(error.to_string()))?;
    let json = JSON::parse(&text).map_err(failure)?;
    let public_key = parse.call1(&class, &json).map_err(failure)?;
    let argument = Object::new();
    Reflect::set(&argument, &"publicKey".into(), &public_key).map_err(failure)?;
    let navigator = global("navigator").ok_or(PasskeyFailure::Unsupported)?;
    let credentials =
        Reflect::get(&navigator, &"credentials".into()).map_err(|_| PasskeyFailure::Unsupported)?;
    let promise = method(&credentials, call)?
        .call1(&credentials, &argument)
        .map_err(failure)?
        .dyn_into::<Promise>()
        .map_err(failure)?;
    let credential = JsFuture::from(promise).await.map_err(failure)?;
    let as_json = method(&credential, "toJSON")?
        .call0(&credential)
        .map_err(failure)?;
    let text: String = JSON::stringify(&as_json).map_err(failure)?.into();
    serde_json::from_str(&text).map_err(|error| PasskeyFailure::Other(error.to_string()))
}

/// A new passkey for the server's creation options.
pub async fn create(options: &serde_json::Value) -> Result<serde_json::Value, PasskeyFailure> {
    ceremony(options, "parseCreationOptionsFromJSON", "create").await
}

/// A passkey's answer to the server's request options.
pub async fn get(options: &serde_json::Value) -> Result<serde_json::Value, PasskeyFailure> {
    ceremony(options, "parseRequestOptionsFromJSON", "get").await
}
