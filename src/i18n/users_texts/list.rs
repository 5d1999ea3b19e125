//! The users step's texts about the list as a whole: replacing or merging on a new file,
//! undoing, and the errors first. A part of the step's table (see `super`).

/// Builds the users step's table of the keys it is given and these.
macro_rules! with_list_texts {
    ($($keys:tt)*) => {
        with_grid_texts! {
            $($keys)*

            UsUndo => "Ongedaan maken", "Undo";
        }
    };
}
