//! stub
use leptos::prelude::*;
#[component]
pub fn BulkChangePage() -> impl IntoView {}
