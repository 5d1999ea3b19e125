//! A drop zone for one file that is also an ordinary, labelled file input (the GOV.UK improved
//! file upload): the zone takes a dragged file and shows that it will (highlighted while a file
//! is over it); inside it a real `<input type="file">` with a `<label for>` styled as a "Kies een
//! bestand" button serves keyboard and speech users. Either way the chosen file goes to
//! `on_file`; the input is emptied afterwards, so the same file can be chosen again.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::ev::DragEvent;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

#[component]
pub fn FileDrop(
    /// The input's id and name.
    id: &'static str,
    /// The button's text, the input's accessible name ("Kies een bestand").
    #[prop(into)]
    button_label: Signal<String>,
    /// Above the button ("Sleep het bestand hierheen, of").
    #[prop(into)]
    instruction: Signal<String>,
    /// Instead of `instruction` while a file is dragged over the zone.
    #[prop(into)]
    release_instruction: Signal<String>,
    /// The input's `accept` list, e.g. `.csv,.xlsx`.
    accept: &'static str,
    /// Ids of the hint and error that describe the input.
    #[prop(into)]
    described_by: Signal<Option<String>>,
    /// Marks the zone and the input invalid.
    #[prop(into)]
    invalid: Signal<bool>,
    on_file: Callback<web_sys::File>,
) -> impl IntoView {
    // dragenter/dragleave also fire for the zone's children: count them, as leptos-use does.
    let depth = RwSignal::new(0_i32);
    let over = move || depth.get() > 0;
    view! {
        <div
            class="file-drop"
            class:file-drop--over=over
            class:file-drop--invalid=move || invalid.get()
            on:dragenter=move |ev: DragEvent| {
                ev.prevent_default();
                depth.update(|d| *d += 1);
            }
            on:dragover=move |ev: DragEvent| {
                // Without this the browser opens the file instead of dropping it here.
                ev.prevent_default();
                if let Some(transfer) = ev.data_transfer() {
                    transfer.set_drop_effect("copy");
                }
            }
            on:dragleave=move |ev: DragEvent| {
                ev.prevent_default();
                depth.update(|d| *d = (*d - 1).max(0));
            }
            on:drop=move |ev: DragEvent| {
                ev.prevent_default();
                depth.set(0);
                if let Some(file) = ev.data_transfer().and_then(|t| t.files()).and_then(|l| l.get(0)) {
                    on_file.run(file);
                }
            }
        >
            <p class="file-drop__instruction">
                {move || if over() { release_instruction.get() } else { instruction.get() }}
            </p>
            <input
                type="file"
                class="file-drop__input visually-hidden"
                id=id
                name=id
                accept=accept
                aria-describedby=move || described_by.get()
                aria-invalid=move || invalid.get().then_some("true")
                on:change:target=move |ev| {
                    let input = ev.target();
                    let file = input.files().and_then(|l| l.get(0));
                    input.set_value("");
                    if let Some(file) = file {
                        on_file.run(file);
                    }
                }
            />
            <label for=id class="button button--secondary file-drop__button">
                {move || button_label.get()}
            </label>
        </div>
    }
}

/// The file's bytes (`Blob.arrayBuffer()`).
pub async fn read_file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = await_promise(file.array_buffer()).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Waits for a promise without pulling in `wasm-bindgen-futures`: its callbacks complete a
/// oneshot channel.
async fn await_promise(promise: js_sys::Promise) -> Result<JsValue, String> {
    let (sender, receiver) = futures_channel::oneshot::channel::<Result<JsValue, JsValue>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let on_ok = {
        let sender = sender.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(Ok(value));
            }
        })
    };
    let on_err = Closure::<dyn FnMut(JsValue)>::new(move |error: JsValue| {
        if let Some(sender) = sender.borrow_mut().take() {
            let _ = sender.send(Err(error));
        }
    });
    let _ = promise.then2(&on_ok, &on_err);
    let result = receiver
        .await
        .map_err(|_| "the promise was dropped".to_string())?;
    // The callbacks have run (or never will): now they may go.
    drop((on_ok, on_err));
    result.map_err(|error| {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{error:?}"))
    })
}
