//! Reactive view parts as ONE type per output type.
//!
//! Every `move || …` in a view is its own closure type, and Leptos compiles its rendering
//! machinery once per closure type. Wrapped by [`shared`], all closures with the same output
//! share one type (`Arc<Mutex<dyn FnMut() -> T>>`) and so one copy of that machinery: what
//! `--cfg erase_components` does for the `view!` macro, here by hand for the pages that must
//! stay light (the main app has a first-load budget). A lock and a virtual call per update is
//! the price, which no person can notice.

use std::sync::{Arc, Mutex};

/// A reactive function of one shared type per output type.
pub type Shared<T> = Arc<Mutex<dyn FnMut() -> T + Send>>;

/// Type-erases a reactive closure for use as a view child or an attribute value.
pub fn shared<T: 'static>(f: impl FnMut() -> T + Send + 'static) -> Shared<T> {
    Arc::new(Mutex::new(f))
}
