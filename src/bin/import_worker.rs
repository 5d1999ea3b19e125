//! The users-file import engine in a Web Worker. The page posts `[bytes, file name, language,
//! today, columns?, max rows?, max bytes?]` (`columns`: the manager's column mapping as the JSON
//! of [`domain::import::Columns`], or absent for the header matching; the limits only from the
//! benchmark, which reads files far over them); the worker answers the import report as the
//! bytes of [`domain::import::wire`] in a transferred `Uint8Array` (with the mapping proposal
//! when the columns need one), or a text saying what went wrong. The engine with its spreadsheet
//! readers is large, so it lives here, fetched only when the upload step opens, and keeps the
//! page responsive while a file is read.

use domain::import::{Columns, Limits, import_with_columns, wire};
use domain::{Date, Lang};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Sent once the worker listens (`import_client` waits for it before its first request).
const READY: &str = "ready";

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            match handle(event.data()) {
                Ok(report) => {
                    let answer = js_sys::Uint8Array::from(report.as_slice());
                    let transfer = js_sys::Array::of1(&answer.buffer());
                    let _ = reply_to.post_message_with_transfer(&answer, &transfer);
                }
                Err(error) => {
                    let _ = reply_to.post_message(&JsValue::from_str(&error));
                }
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page needs it.
    on_message.forget();
    // Messages posted before this handler existed would be lost: the page waits for this.
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// Reads the request and runs the engine; the report as bytes.
fn handle(data: JsValue) -> Result<Vec<u8>, String> {
    let request: js_sys::Array = data.dyn_into().map_err(|_| "request is not an array")?;
    let bytes = js_sys::Uint8Array::new(&request.get(0)).to_vec();
    let file_name = request.get(1).as_string().unwrap_or_default();
    let lang = request
        .get(2)
        .as_string()
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default();
    let today = request
        .get(3)
        .as_string()
        .and_then(|iso| Date::parse_iso(&iso).ok())
        .ok_or("request has no valid date")?;
    let columns = match request.get(4).as_string() {
        Some(json) => {
            Some(serde_json::from_str::<Columns>(&json).map_err(|e| format!("bad columns: {e}"))?)
        }
        None => None,
    };
    let limit = |i, default| request.get(i).as_f64().map_or(default, |n| n as usize);
    let limits = Limits {
        max_rows: limit(5, Limits::DEFAULT.max_rows),
        max_bytes: limit(6, Limits::DEFAULT.max_bytes),
    };
    let outcome = match &columns {
        Some(columns) => import_with_columns(&bytes, &file_name, limits, today, columns),
        None => domain::import(&bytes, &file_name, limits, today),
    };
    Ok(wire::encode(&outcome, lang))
}
