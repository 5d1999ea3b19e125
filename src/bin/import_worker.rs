//! The users-file import engine in a Web Worker. The page posts `[bytes, file name, language,
//! today, columns?]` (`columns`: the manager's column mapping as the JSON of
//! [`domain::import::Columns`], or absent for the header matching); the worker answers the
//! import report as JSON text (with `mapping`, the proposal, when the columns need one). The engine with its spreadsheet
//! readers is large, so it lives here, fetched only when the upload step opens, and keeps the
//! page responsive while a file is read.

use domain::import::{Columns, Limits, import_with_columns};
use domain::{Date, Lang};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Sent once the worker listens (`import_client` waits for it before its first request).
const READY: &str = "ready";

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let answer =
            handle(event.data()).unwrap_or_else(|error| format!("{{\"worker_error\":{error:?}}}"));
        let _ = reply_to.post_message(&JsValue::from_str(&answer));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page needs it.
    on_message.forget();
    // Messages posted before this handler existed would be lost: the page waits for this.
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// Reads the request and runs the engine; the report as JSON.
fn handle(data: JsValue) -> Result<String, String> {
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
    let outcome = match &columns {
        Some(columns) => import_with_columns(&bytes, &file_name, Limits::DEFAULT, today, columns),
        None => domain::import(&bytes, &file_name, Limits::DEFAULT, today),
    };
    let report = outcome.report(lang);
    serde_json::to_string(&report).map_err(|e| e.to_string())
}
