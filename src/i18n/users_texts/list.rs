//! The users step's texts about the list as a whole: replacing or merging on a new file,
//! undoing, and the errors first. A part of the step's table (see `super`).

/// Builds the users step's table of the keys it is given and these.
macro_rules! with_list_texts {
    ($($keys:tt)*) => {
        with_grid_texts! {
            $($keys)*

            UsUndo => "Ongedaan maken", "Undo";
            UsRedo => "Opnieuw doen", "Redo";
            UsUndone => "Ongedaan gemaakt: {change}", "Undone: {change}";
            UsRemovedRow => "Rij {n}: {name} is verwijderd uit de lijst.", "Row {n}: {name} has been removed from the list.";
            UsRemovedRowNoName => "Rij {n} is verwijderd uit de lijst.", "Row {n} has been removed from the list.";
            UsClearedOne => "1 gebruiker verwijderd; de lijst is leeg.", "1 user removed; the list is empty.";
            UsClearedMany => "{n} gebruikers verwijderd; de lijst is leeg.", "{n} users removed; the list is empty.";
            UsReplacedChange => "Lijst vervangen door de {n} gebruikers uit {file}.", "List replaced by the {n} users from {file}.";
            UsMergedChange => "{file} toegevoegd aan de lijst: {added} nieuw, {updated} bijgewerkt.", "{file} added to the list: {added} new, {updated} updated.";
            UsClearList => "Lijst leegmaken", "Empty the list";

            UsChoiceLegend => "Vervang de lijst of voeg toe?", "Replace the list or add?";
            UsChoiceIntro => "Het bestand {file} heeft {n} rijen. Er staan al {m} gebruikers in de lijst. Wat wilt u doen?",
                "The file {file} has {n} rows. There are already {m} users in the list. What would you like to do?";
            UsChoiceReplace => "Vervang de lijst", "Replace the list";
            UsChoiceMerge => "Voeg toe", "Add";
            UsChoiceCancel => "Annuleren", "Cancel";
            UsChoiceReplaceHint => "Vervangen: de lijst wordt de {n} gebruikers uit het bestand.", "Replace: the list becomes the {n} users from the file.";
            UsChoiceMergePreview => "Toevoegen: {added} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd. Een rij hoort bij een gebruiker in de lijst met hetzelfde e-mailadres, of met dezelfde naam en geboortedatum.",
                "Add: {added} new, {updated} updated, {unchanged} unchanged. A row belongs to a user in the list with the same e-mail address, or with the same name and date of birth.";
            UsTooMany => "Met dit bestand komen er {total} gebruikers in de lijst. Het maximum is {max} per bestelling. Kies ‘Vervang de lijst’ of haal {excess} rijen uit het bestand.",
                "With this file the list would hold {total} users. The maximum is {max} per order. Choose ‘Replace the list’ or take {excess} rows out of the file.";
            UsCancelled => "{file} is niet ingelezen; de lijst is niet veranderd.", "{file} has not been read; the list has not changed.";
            UsReplaced => "De lijst is vervangen door de {n} gebruikers uit {file}.", "The list has been replaced by the {n} users from {file}.";
            UsMerged => "{file}: {added} toegevoegd, {updated} bijgewerkt, {unchanged} ongewijzigd.", "{file}: {added} added, {updated} updated, {unchanged} unchanged.";
            UsListErrors => "In de lijst hebben nu {n} rijen een fout.", "{n} rows in the list now have an error.";
            UsListErrorsOne => "In de lijst heeft nu 1 rij een fout.", "1 row in the list now has an error.";
            UsFormFull => "De lijst telt al {max} gebruikers, het maximum per bestelling. Verwijder eerst een gebruiker uit de lijst; wat u hier invulde blijft staan.",
                "The list already holds {max} users, the maximum per order. Remove a user from the list first; what you entered here stays.";

            UsErrorRowsOne => "1 rij heeft een fout", "1 row has an error";
            UsErrorRowsMany => "{n} rijen hebben een fout", "{n} rows have an error";
            UsOnlyErrors => "Toon alleen rijen met fouten", "Show only rows with errors";
            UsNextError => "Naar de volgende fout", "Go to the next error";
            UsErrorAt => "Fout {k} van {total}: rij {n}, {column}", "Error {k} of {total}: row {n}, {column}";
            UsRowAsWhole => "de rij als geheel", "the row as a whole";
            UsShowingErrors => "{n} van de {total} rijen getoond: alleen de rijen met fouten.", "Showing {n} of {total} rows: only the rows with errors.";
            UsFixHeading => "Snel herstellen", "Quick fixes";
            UsFixDates => "{n} geboortedata staan in een andere notatie (zoals {example}).", "{n} dates of birth are written in another notation (such as {example}).";
            UsFixMobiles => "{n} mobiele nummers missen de 0 aan het begin (zoals {example}).", "{n} mobile numbers lack the leading 0 (such as {example}).";
            UsFixEmployed => "{n} keer staat bij loondienst een ander woord dan J of N (zoals {example}).", "{n} times the employed column holds another word than J or N (such as {example}).";
            UsFixInfix => "{n} achternamen beginnen met een tussenvoegsel (zoals {example}).", "{n} last names start with a surname prefix (such as {example}).";
            UsFixEmail => "{n} e-mailadressen hebben waarschijnlijk een tikfout in het domein (zoals {example}).", "{n} e-mail addresses probably have a typo in the domain (such as {example}).";
            UsFixReview => "Bekijk en herstel", "Review and fix";
            UsFixCaption => "Zo verandert het herstel de {n} rijen", "How the fix changes the {n} rows";
            UsFixRow => "Rij", "Row";
            UsFixColumn => "Kolom", "Column";
            UsFixBefore => "Nu", "Now";
            UsFixAfter => "Wordt", "Becomes";
            UsFixMore => "En nog {n} rijen.", "And {n} more rows.";
            UsFixApply => "Herstel {n} rijen", "Fix {n} rows";
            UsFixedDates => "{n} geboortedata hersteld.", "{n} dates of birth fixed.";
            UsFixedMobiles => "{n} mobiele nummers hersteld.", "{n} mobile numbers fixed.";
            UsFixedEmployed => "{n} keer loondienst hersteld naar J of N.", "{n} employed values fixed to J or N.";
            UsFixedInfix => "{n} tussenvoegsels uit de achternaam gehaald.", "{n} surname prefixes taken out of the last name.";
            UsFixedEmail => "{n} e-mailadressen verbeterd.", "{n} e-mail addresses corrected.";
            UsMoreProblems => "En nog {n} fouten. Gebruik ‘Naar de volgende fout’ of ‘Toon alleen rijen met fouten’.",
                "And {n} more errors. Use ‘Go to the next error’ or ‘Show only rows with errors’.";

            // The list as a file with its errors, to fix in Excel and upload again (download.rs).
            UsDownloadXlsx => "Download de lijst (Excel)", "Download the list (Excel)";
            UsDownloadCsv => "Download de lijst (CSV)", "Download the list (CSV)";
            UsDownloadHint => "Het bestand heeft een kolom ‘Fouten’ met de fouten van elke rij. Herstel ze in Excel en upload het bestand daarna opnieuw.",
                "The file has a column ‘Errors’ with each row's errors. Fix them in Excel, then upload the file again.";
            UsDownloaded => "{file} is gedownload.", "{file} has been downloaded.";
            UsDownloadFailed => "De lijst kon niet worden gedownload. {reason} De lijst hier is niet veranderd.",
                "The list could not be downloaded. {reason} The list here has not changed.";
            UsDownloadNotSaved => "De browser kon het bestand niet opslaan.", "The browser could not save the file.";

            // Column mapping (issue 10, item 5): a file whose columns the engine cannot all map.
            UsMapHeading => "Koppel de kolommen van uw bestand", "Match the columns of your file";
            UsMapIntro => "Niet alle kolommen van {file} worden herkend. Kies bij elk gegeven de kolom waarin het staat. De keuzes die al klaarstaan zijn een voorstel; controleer ze.",
                "Not all columns of {file} are recognised. For each item, choose the column that holds it. The choices already made are a suggestion; please check them.";
            UsMapRemember => "Deze browser onthoudt de koppeling voor een volgend bestand met dezelfde kolomnamen.",
                "This browser remembers the matching for a next file with the same column names.";
            UsMapOptional => "{field} (optioneel)", "{field} (optional)";
            UsMapChoose => "Kies een kolom", "Choose a column";
            UsMapNone => "Geen kolom", "No column";
            UsMapOption => "{column}: {header} (bijv. {samples})", "{column}: {header} (e.g. {samples})";
            UsMapOptionEmpty => "{column}: {header} (leeg)", "{column}: {header} (empty)";
            UsMapNoName => "zonder naam", "no name";
            UsMapRead => "Bestand inlezen", "Read the file";
            UsMapCancel => "Annuleren", "Cancel";
            UsMapped => "De kolommen zijn gekoppeld zoals bij uw vorige bestand.", "The columns have been matched as for your previous file.";
            UsMapChange => "Koppeling wijzigen", "Change the matching";
        }
    };
}
