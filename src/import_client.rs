//! Runs the users-file import engine in its Web Worker (`src/bin/import_worker.rs`): started on
//! first use, so the engine and its spreadsheet readers stay out of the first page load.

use std::cell::RefCell;

use domain::import::{Columns, ImportReport, wire};
use domain::{Date, Lang};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::{MessageEvent, Worker};

/// Trunk's loader for the worker (workers keep their unhashed name).
const WORKER_URL: &str = "/import_worker_loader.js";

/// What the worker posts once it listens (see `src/bin/import_worker.rs`).
const READY: &str = "ready";

/// The worker and a promise that resolves once it listens: a message posted before that would
/// be lost while its WASM is still starting.
#[derive(Clone)]
struct Started {
    worker: Worker,
    ready: js_sys::Promise,
}

thread_local! {
    static WORKER: RefCell<Option<Started>> = const { RefCell::new(None) };
}

/// Why a file could not be read in the browser.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportClientError {
    #[error("the import worker cannot start: {0}")]
    Unavailable(String),
    #[error("the import worker failed: {0}")]
    Failed(String),
    #[error("the import worker's report cannot be read: {0}")]
    Unreadable(#[from] wire::WireError),
}

fn worker() -> Result<Started, ImportClientError> {
    WORKER.with(|slot| {
        if let Some(started) = slot.borrow().as_ref() {
            return Ok(started.clone());
        }
        let worker = Worker::new(WORKER_URL)
            .map_err(|e| ImportClientError::Unavailable(format!("{e:?}")))?;
        let listening = worker.clone();
        let ready = js_sys::Promise::new(&mut |resolve, _reject| {
            let on_ready = Closure::once_into_js(move |event: MessageEvent| {
                if event.data().as_string().as_deref() == Some(READY) {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            });
            listening.set_onmessage(Some(on_ready.unchecked_ref()));
        });
        let started = Started { worker, ready };
        *slot.borrow_mut() = Some(started.clone());
        Ok(started)
    })
}

/// Starts the worker ahead of use (when the upload step opens), so reading feels instant.
pub fn warm_up() {
    let _ = worker();
}

/// Today in the browser's own time zone: what "today" means to the person entering the dates.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as u16,
        (now.get_month() + 1) as u8,
        now.get_date() as u8,
    )
    .expect("the browser's date is valid")
}

/// Reads and validates a users file with the same engine the server runs: with the header
/// matching, or with the manager's `columns`.
pub async fn import_file(
    bytes: &[u8],
    file_name: &str,
    lang: Lang,
    columns: Option<&Columns>,
) -> Result<ImportReport, ImportClientError> {
    let Started { worker, ready } = worker()?;
    wasm_bindgen_futures::JsFuture::from(ready)
        .await
        .map_err(|e| ImportClientError::Unavailable(format!("{e:?}")))?;
    let (sender, receiver) = futures_channel::oneshot::channel::<Result<Vec<u8>, String>>();
    // Whichever comes first, an answer or a crash, completes the request.
    let sender = std::rc::Rc::new(RefCell::new(Some(sender)));
    let on_message = {
        let sender = sender.clone();
        Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(sender) = sender.borrow_mut().take() {
                // The report's bytes, or a text saying what went wrong.
                let data = event.data();
                let _ = sender.send(match data.dyn_ref::<js_sys::Uint8Array>() {
                    Some(bytes) => Ok(bytes.to_vec()),
                    None => Err(data.as_string().unwrap_or_else(|| "no report".into())),
                });
            }
        })
    };
    let on_error = Closure::<dyn Fn(JsValue)>::new(move |error: JsValue| {
        web_sys::console::error_1(&error);
        // A crashed worker is not reused: the next file starts a fresh one.
        WORKER.with(|slot| *slot.borrow_mut() = None);
        if let Some(sender) = sender.borrow_mut().take() {
            let _ = sender.send(Err("the worker stopped".to_string()));
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    let request = js_sys::Array::new();
    request.push(&js_sys::Uint8Array::from(bytes));
    request.push(&JsValue::from_str(file_name));
    request.push(&JsValue::from_str(lang.code()));
    request.push(&JsValue::from_str(&today().iso_string()));
    if let Some(columns) = columns {
        let json =
            serde_json::to_string(columns).map_err(|e| ImportClientError::Failed(e.to_string()))?;
        request.push(&JsValue::from_str(&json));
    }
    worker
        .post_message(&request)
        .map_err(|e| ImportClientError::Failed(format!("{e:?}")))?;

    let answer = receiver
        .await
        .map_err(|_| ImportClientError::Failed("no answer".into()))?
        .map_err(ImportClientError::Failed)?;
    worker.set_onmessage(None);
    worker.set_onerror(None);
    drop(on_message);
    drop(on_error);
    Ok(wire::decode(&answer)?)
}
