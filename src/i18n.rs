//! The one translation mechanism of the SPA: a typed table of every visible string.
//!
//! Each key is a constant of [`T`] and the `table!` macro demands a Dutch and an English text
//! for every one, so a missing translation is a compile error, not a runtime surprise. A key is
//! its two texts, not an enum variant behind one `match` over the whole table: an app links only
//! the texts it names, so the home page does not carry the wizard's and Beheer's strings. The
//! language lives in a context signal, persists in `localStorage` and drives `<html lang>`.
//! The table itself is [`texts`]; Beheer's texts of the manager's year are a table of their own
//! ([`Y`], `year_texts`), which only Beheer's app links, and so are the users step's ([`U`],
//! `users_texts`), which only the order app links.

use domain::Lang;
use leptos::prelude::*;

/// Where the choice is kept; `xtask/prerender.mjs` reads it too (a prerendered page is Dutch).
const STORAGE_KEY: &str = "middelpunt.lang";

/// Builds a text table: `Key => "nl", "en";` lines make `pub struct T` with one constant per key
/// (`T::Key`) and `T::text(self, Lang) -> &'static str`. Placeholders such as `{n}` stay in the
/// text, for the caller to fill. A key without both texts, or a key twice, does not build.
macro_rules! table {
    ($($key:ident => $nl:literal, $en:literal;)*) => {
        /// A key of a visible text: its Dutch and its English text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct T(&'static [&'static str; 2]);

        #[allow(non_upper_case_globals)]
        impl T {
            $(
                #[doc = concat!("Dutch “", $nl, "”, English “", $en, "”")]
                pub const $key: T = T(&[$nl, $en]);
            )*

            /// The text in the given language.
            pub fn text(self, lang: ::domain::Lang) -> &'static str {
                match lang {
                    ::domain::Lang::Nl => self.0[0],
                    ::domain::Lang::En => self.0[1],
                }
            }
        }
    };
}
pub(crate) use table;

mod texts;
mod users_texts;
mod year_texts;

pub use texts::T;
pub use users_texts::T as U;
pub use year_texts::T as Y;

/// A key of a text table: the main one ([`T`]), Beheer's year ([`Y`]) or the users step's
/// ([`U`]), each of the last two linked only by the app that uses it.
pub trait Key: Copy + Send + Sync + 'static {
    /// The text in `lang`.
    fn text_in(self, lang: Lang) -> &'static str;
}

impl Key for T {
    fn text_in(self, lang: Lang) -> &'static str {
        self.text(lang)
    }
}

impl Key for Y {
    fn text_in(self, lang: Lang) -> &'static str {
        self.text(lang)
    }
}

impl Key for U {
    fn text_in(self, lang: Lang) -> &'static str {
        self.text(lang)
    }
}

/// A key of the main table or of Beheer's, for the few lists of Beheer that mix them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    Main(T),
    Beheer(Y),
}

impl From<T> for Text {
    fn from(key: T) -> Text {
        Text::Main(key)
    }
}

impl From<Y> for Text {
    fn from(key: Y) -> Text {
        Text::Beheer(key)
    }
}

impl Key for Text {
    fn text_in(self, lang: Lang) -> &'static str {
        match self {
            Text::Main(key) => key.text_in(lang),
            Text::Beheer(key) => key.text_in(lang),
        }
    }
}

/// The name of `month` (1–12), as in "15 maart 1985".
pub fn month_name(month: u32, lang: Lang) -> &'static str {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = match lang {
        Lang::Nl => NL,
        Lang::En => EN,
    };
    names[(month.clamp(1, 12) - 1) as usize]
}

/// The current language, provided once at the root.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The current language (tracked).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The text for `key` in the current language (tracked).
    pub fn t<K: Key>(&self, key: K) -> &'static str {
        key.text_in(self.lang.get())
    }

    /// The text for `key` as a view child that follows the language (one shared type for
    /// every key, see [`crate::components::shared`]).
    pub fn tr<K: Key>(self, key: K) -> crate::components::shared::Shared<&'static str> {
        crate::components::shared::shared(move || self.t(key))
    }

    /// Switches the language; it persists and is announced through `<html lang>`.
    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
    }
}

/// Creates the language context from the stored choice (Dutch when there is none) and keeps
/// `<html lang>` and `localStorage` in step with it.
pub fn provide_i18n() -> I18n {
    let initial = stored_lang().unwrap_or_default();
    let i18n = I18n {
        lang: RwSignal::new(initial),
    };
    Effect::new(move |_| {
        let lang = i18n.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
    });
    provide_context(i18n);
    i18n
}

/// The language context; panics when [`provide_i18n`] was not called at the root.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored_lang() -> Option<Lang> {
    local_storage()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
        .and_then(|code| Lang::from_code(&code))
}
