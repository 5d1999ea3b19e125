//! "Download de lijst (Excel)" and "(CSV)" (issue 10 item 4): the list as the server writes it,
//! the values as typed and a last column "Fouten" with each row's errors, to fix in Excel and
//! upload again (which then replaces the list or merges into it). The list itself never changes
//! here; a failure is said in an alert next to the buttons.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::user_files::{Download, ListFile, annotated_list};
use crate::i18n::{U, use_i18n};
use crate::order_draft::{DraftUser, raw_users};

/// How long the file's object URL lives after the click: the browser has taken the blob by then.
const REVOKE_AFTER: std::time::Duration = std::time::Duration::from_secs(10);

/// Hands `download` to the browser as a file: a Blob, an object URL, a temporary
/// `<a download>` clicked, and the URL revoked a little later.
fn save(download: &Download) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(download.bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&download.content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = document();
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(&download.name);
    link.set_hidden(true);
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        REVOKE_AFTER,
    );
    Ok(())
}

/// The two buttons, a line about the errors column when rows have errors, and what happened.
#[component]
pub fn ListDownload(
    #[prop(into)] users: Signal<Vec<DraftUser>>,
    #[prop(into)] error_rows: Signal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Which file is being fetched: a second click meanwhile is ignored.
    let busy = RwSignal::new(None::<ListFile>);
    let failure = RwSignal::new(None::<String>);
    let status = RwSignal::new(String::new());
    let fetch = move |kind: ListFile| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(kind));
        failure.set(None);
        status.set(String::new());
        let list = users.with_untracked(|list| raw_users(list));
        leptos::task::spawn_local(async move {
            let saved = annotated_list(list, kind)
                .await
                .map_err(|error| error.text(i18n))
                .and_then(|download| {
                    save(&download)
                        .map(|()| download.name)
                        .map_err(|_| i18n.t(U::UsDownloadNotSaved).to_string())
                });
            busy.set(None);
            match saved {
                Ok(name) => status.set(i18n.t(U::UsDownloaded).replace("{file}", &name)),
                Err(reason) => failure.set(Some(
                    i18n.t(U::UsDownloadFailed).replace("{reason}", &reason),
                )),
            }
        });
    };
    let button = move |kind: ListFile, label: U| {
        view! {
            <button
                type="button"
                class="button button--secondary"
                aria-busy=move || (busy.get() == Some(kind)).then_some("true")
                on:click=move |_| fetch(kind)
            >
                {i18n.tr(label)}
            </button>
        }
    };
    view! {
        <div class="users-download">
            <p class="users-download__hint" hidden=move || error_rows.get() == 0>
                {i18n.tr(U::UsDownloadHint)}
            </p>
            <div class="button-group users-download__actions">
                {button(ListFile::Xlsx, U::UsDownloadXlsx)}
                {button(ListFile::Csv, U::UsDownloadCsv)}
            </div>
            <Show when=move || failure.read().is_some()>
                <div class="notice notice--error users-download__error" role="alert">
                    <p class="notice__title">{move || failure.get().unwrap_or_default()}</p>
                </div>
            </Show>
            <p role="status" class="users-status">{move || status.get()}</p>
        </div>
    }
}
