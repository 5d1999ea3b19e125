//! A quote as a table: its lines (what, how many, the price of one, the amount), the total
//! excluding VAT, the VAT and the total including it. The wizard's overview and Beheer's
//! renewal and change of level show it.

use domain::pricing::Quote;
use leptos::prelude::*;

use crate::i18n::{I18n, T};

/// The quote `q` as a price table.
pub fn price_table(q: &Quote, i18n: I18n) -> AnyView {
    let lang = i18n.lang();
    let lines = q
        .lines
        .iter()
        .map(|l| {
            view! {
                <tr>
                    <td>{l.kind.describe(lang)}</td>
                    <td class="number">{l.quantity}</td>
                    <td class="number">{l.unit_price.on_screen(lang)}</td>
                    <td class="number">{l.total.on_screen(lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="price-table">
            <caption class="visually-hidden">{i18n.t(T::PriceTitle)}</caption>
            <thead><tr>
                <th scope="col">{i18n.t(T::PriceItem)}</th>
                <th scope="col" class="number">{i18n.t(T::PriceQuantity)}</th>
                <th scope="col" class="number">{i18n.t(T::PriceUnit)}</th>
                <th scope="col" class="number">{i18n.t(T::PriceAmount)}</th>
            </tr></thead>
            <tbody>{lines}</tbody>
            <tfoot>
                <tr><th scope="row" colspan="3">{i18n.t(T::TotalExclVat)}</th><td class="number">{q.total_excl_vat.on_screen(lang)}</td></tr>
                <tr><th scope="row" colspan="3">{i18n.t(T::Vat).replace("{percent}", &q.vat_percent.to_string())}</th><td class="number">{q.vat.on_screen(lang)}</td></tr>
                <tr class="price-table__total"><th scope="row" colspan="3">{i18n.t(T::TotalInclVat)}</th><td class="number" id="price-total">{q.total_incl_vat.on_screen(lang)}</td></tr>
            </tfoot>
        </table>
    }
    .into_any()
}
