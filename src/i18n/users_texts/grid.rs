//! The users step's texts of the grid: its columns, rows and the cards on a phone. A part of the
//! step's table (see `super`).

/// Builds the users step's table ([`domain::texts!`]) of the keys it is given and these.
macro_rules! with_grid_texts {
    ($($keys:tt)*) => {
        ::domain::texts! {
            $($keys)*

            UgEditPerson => "Wijzigen", "Edit";
        }
    };
}
