//! stub
use leptos::prelude::*;
#[component]
pub fn AddAuthorisations() -> impl IntoView {}
