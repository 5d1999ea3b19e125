//! The users step's texts (issue 10): the list as a whole (re-upload, undo, errors first;
//! [`list`]) and the grid ([`grid`]). A table of its own ([`U`](super::U)), Dutch then English
//! like the main one, so that only the order app links it and the other apps' first load stays
//! small.

#[macro_use]
mod grid;
#[macro_use]
mod list;

with_list_texts! {}
