//! A summary list (GOV.UK's pattern): terms and their values in a `<dl class="summary-list">`.

use leptos::prelude::*;

/// One row of a summary list: the term (already in the page's language) and its value.
pub fn summary_row(term: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="summary-list__row summary-list__row--two">
            <dt>{term}</dt>
            <dd>{value}</dd>
        </div>
    }
}
