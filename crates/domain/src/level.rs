//! Assurance levels (betrouwbaarheidsniveaus) of eHerkenning means.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// An assurance level that Middelpunt issues, ordered from low to high. EH1 stopped in 2021 and
/// EH4 needs a smartcard issued by registered mail, so neither is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Level {
    /// `EH2`: a password only; being phased out ([`Level::is_phased_out`]).
    #[serde(rename = "EH2")]
    Eh2,
    /// `EH2+`: a password and an SMS code.
    #[serde(rename = "EH2+")]
    Eh2Plus,
    /// `EH3`: the standard, demanded by the Tax Administration, UWV and Customs; a user who is
    /// not employed is identified before the means is issued.
    #[serde(rename = "EH3")]
    Eh3,
}

impl Level {
    /// Every level offered, lowest first.
    pub const ALL: [Level; 3] = [Level::Eh2, Level::Eh2Plus, Level::Eh3];

    /// The name people know: `EH2`, `EH2+`, `EH3`.
    pub fn label(self) -> &'static str {
        match self {
            Level::Eh2 => "EH2",
            Level::Eh2Plus => "EH2+",
            Level::Eh3 => "EH3",
        }
    }

    /// Parses `EH2`, `eh2+`, `EH2PLUS` or `EH3`.
    pub fn parse(input: &str) -> Option<Level> {
        match input.trim().to_ascii_uppercase().replace(' ', "").as_str() {
            "EH2" => Some(Level::Eh2),
            "EH2+" | "EH2PLUS" => Some(Level::Eh2Plus),
            "EH3" => Some(Level::Eh3),
            _ => None,
        }
    }

    /// The Afsprakenstelsel's SAML AuthnContextClassRef.
    pub fn saml_class(self) -> &'static str {
        match self {
            Level::Eh2 => "urn:etoegang:core:assurance-class:loa2",
            Level::Eh2Plus => "urn:etoegang:core:assurance-class:loa2plus",
            Level::Eh3 => "urn:etoegang:core:assurance-class:loa3",
        }
    }

    /// Whether signing in takes a second factor besides the password (an SMS code to the
    /// user's own mobile number): at EH2+ and EH3, not at EH2 (eherkenning.nl, "Levels of
    /// assurance": EH2+ adds exactly that to EH2). The success page tells the user so.
    pub fn has_second_factor(self) -> bool {
        self != Level::Eh2
    }

    /// EH2 is being phased out: still offered, marked as outdated.
    pub fn is_phased_out(self) -> bool {
        self == Level::Eh2
    }

    /// One line on what the level is for, in `lang`.
    pub fn explanation(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Level::Eh2, Lang::Nl) => {
                "Verouderd: wordt uitgefaseerd. Inloggen met alleen een wachtwoord; veel diensten accepteren het niet meer."
            }
            (Level::Eh2, Lang::En) => {
                "Outdated: being phased out. Log in with a password only; many services no longer accept it."
            }
            (Level::Eh2Plus, Lang::Nl) => {
                "Inloggen met wachtwoord en sms-code; voor veel overheidsdiensten, zoals RVO en MijnJustis."
            }
            (Level::Eh2Plus, Lang::En) => {
                "Log in with password and SMS code; for many government services, such as RVO and MijnJustis."
            }
            (Level::Eh3, Lang::Nl) => {
                "De standaard: nodig voor Belastingdienst, UWV en Douane. Wie niet in loondienst is, wordt eerst geïdentificeerd."
            }
            (Level::Eh3, Lang::En) => {
                "The standard: required by the Tax Administration, UWV and Customs. Non-employees are identified first."
            }
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_factor_from_eh2_plus_on() {
        let with: Vec<Level> = Level::ALL
            .into_iter()
            .filter(|l| l.has_second_factor())
            .collect();
        assert_eq!(with, [Level::Eh2Plus, Level::Eh3]);
    }

    #[test]
    fn levels_are_ordered_low_to_high() {
        assert!(Level::Eh2 < Level::Eh2Plus && Level::Eh2Plus < Level::Eh3);
        let mut shuffled = [Level::Eh3, Level::Eh2, Level::Eh2Plus];
        shuffled.sort();
        assert_eq!(shuffled, Level::ALL);
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Level::parse("eh2+"), Some(Level::Eh2Plus));
        assert_eq!(Level::parse(" EH2PLUS "), Some(Level::Eh2Plus));
        assert_eq!(Level::parse("EH3"), Some(Level::Eh3));
        assert_eq!(Level::parse("EH4"), None);
        assert_eq!(Level::parse("EH1"), None);
    }
}
