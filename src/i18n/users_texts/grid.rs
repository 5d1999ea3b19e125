//! The users step's texts of the grid: its columns, rows and the cards on a phone. A part of the
//! step's table (see `super`).

/// Builds the users step's table (`i18n::table!`) of the keys it is given and these.
macro_rules! with_grid_texts {
    ($($keys:tt)*) => {
        $crate::i18n::table! {
            $($keys)*

            UgEditPerson => "Wijzigen", "Edit";
            UgErrorsOne => "1 fout", "1 error";
            UgErrorsMany => "{n} fouten", "{n} errors";
            UgWarningsOne => "1 waarschuwing", "1 warning";
            UgWarningsMany => "{n} waarschuwingen", "{n} warnings";
            UgNoProblems => "Geen fouten", "No errors";
            UgNoEmail => "Nog geen e-mailadres", "No e-mail address yet";
        }
    };
}
