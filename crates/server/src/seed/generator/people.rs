//! The people of the seed: Dutch first names, infixes and last names (some with accents),
//! birth places and mail domains (data tables), the demo manager's organisations, and a person
//! as a manager would enter them.

use domain::kvk::KvkNumber;
use domain::user::RawUser;
use domain::{Date, NewUser};

use super::Generator;
use crate::auth::demo;
use crate::kvk::embedded::EmbeddedRegister;
use crate::seed::SeedError;

/// Official first names ("volledige voornamen"), Dutch and of the Netherlands' other
/// communities; some with diacritics. Men's and women's, so that two go together.
#[rustfmt::skip]
const FIRST_NAMES: [&[&str]; 2] = [
    &[
        "Jan", "Johannes", "Pieter", "Hendrik", "Willem", "Cornelis", "Gerrit", "Jacobus", "Dirk",
        "Adrianus", "Jan Willem", "Jan Pieter", "Hendrikus", "Petrus", "Theodorus", "Wilhelmus",
        "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Bram", "Thijs", "Jesse", "Ruben",
        "Lars", "Sven", "Stijn", "Niels", "Koen", "Joris", "Maarten", "Sjoerd", "Wouter", "Bas",
        "Tim", "Joost", "Michiel", "Rutger", "Gijs", "Teun", "Wessel", "Jeroen", "Erik", "Frank",
        "Marco", "Mohamed", "Ahmed", "Youssef", "Mehmet", "Emre", "Rachid", "Ömer", "Noël",
        "Joël", "André", "José", "René", "Jannes",
    ],
    &[
        "Anna", "Maria", "Johanna", "Cornelia", "Elisabeth", "Wilhelmina", "Anna Maria", "Emma",
        "Julia", "Sophie", "Tess", "Mila", "Sara", "Eva", "Lotte", "Fenna", "Noor", "Lieke",
        "Fleur", "Sanne", "Anouk", "Iris", "Femke", "Marloes", "Ingrid", "Marieke", "Janneke",
        "Jantine", "Hanneke", "Petra", "Monique", "Esther", "Linda", "Yvonne", "Karin", "Fatima",
        "Ayşe", "Zeynep", "Samira", "Chloë", "Zoë", "Daniëlle", "Anaïs", "Inès", "Loïs", "Renée",
        "Céline", "Hélène", "Mariëlle", "Noëlle", "Gwendolyn",
    ],
];

/// Last names with their usual infix ("de Vries"); some with diacritics.
#[rustfmt::skip]
const LAST_NAMES: &[(&str, &str)] = &[
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"),
    ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"),
    ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"),
    ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"), ("van der", "Linden"),
    ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"), ("van den", "Heuvel"),
    ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("de", "Bruin"),
    ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"),
    ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"), ("", "Verhoeven"), ("", "Koster"),
    ("van", "Dam"), ("van der", "Wal"), ("", "Prins"), ("", "Blom"), ("", "Huisman"),
    ("", "Peeters"), ("de", "Jonge"), ("", "Kuipers"), ("van", "Veen"), ("", "Post"),
    ("", "Kuiper"), ("", "Veenstra"), ("", "Kramer"), ("van den", "Brink"), ("", "Scholten"),
    ("van", "Wijk"), ("", "Postma"), ("", "Martens"), ("", "Vink"), ("de", "Ruiter"),
    ("", "Timmermans"), ("", "Groen"), ("", "Gerritsen"), ("", "Jonker"), ("van", "Loon"),
    ("", "Boer"), ("van der", "Velde"), ("", "Willemsen"), ("", "Smeets"), ("de", "Lange"),
    ("de", "Vos"), ("", "Bosch"), ("van", "Dongen"), ("", "Schipper"), ("de", "Koning"),
    ("van der", "Laan"), ("", "Koning"), ("van der", "Velden"), ("", "Driessen"),
    ("van", "Doorn"), ("", "Hermans"), ("", "Evers"), ("van den", "Bosch"), ("van der", "Meulen"),
    ("", "Hofman"), ("", "Bosman"), ("", "Wouters"), ("", "Sanders"), ("", "Jansma"),
    ("", "Mol"), ("", "Lammers"), ("ter", "Horst"), ("te", "Riele"), ("van 't", "Hof"),
    ("in 't", "Veld"), ("'t", "Hart"), ("van", "Rijn"), ("", "Zwart"), ("", "Aalders"),
    ("", "IJzerman"), ("", "Zijlstra"), ("", "Wijnands"), ("", "Oosterhuis"), ("van", "Gogh"),
    ("", "Yılmaz"), ("", "Öztürk"), ("", "Çelik"), ("", "Şahin"), ("", "Kaya"), ("el", "Amrani"),
    ("", "Bouzid"), ("", "Nguyen"), ("", "Müller"), ("", "Gómez"), ("", "Désiré"),
    ("", "Hoogendoorn-de Wit"), ("", "Jansen-van der Steen"),
];

#[rustfmt::skip]
const BIRTH_PLACES: &[&str] = &[
    "Amsterdam", "Rotterdam", "'s-Gravenhage", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
    "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort",
    "Zaanstad", "'s-Hertogenbosch", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Zoetermeer",
    "Ede", "Leeuwarden", "Alkmaar", "Delft", "Venlo", "Deventer", "Lochem", "Heerlen",
    "Hilversum", "Bergen (NH)", "St. Michielsgestel", "Den Helder", "Paramaribo", "Willemstad",
    "Antwerpen", "Istanbul", "Casablanca", "Düsseldorf", "Liège",
];

/// Private mail domains of non-employees; `.example` so that nobody can be mailed.
const PRIVATE_DOMAINS: &[&str] = &[
    "gmail.example",
    "hotmail.example",
    "outlook.example",
    "ziggo.example",
    "kpnmail.example",
    "xs4all.example",
];

/// Why a request that ended did.
pub(super) const REJECTION_REASONS: &[&str] = &[
    "Naam op het document wijkt af van de aanvraag",
    "Document verlopen",
    "Gebruiker niet verschenen",
];

/// One of the demo manager's organisations.
#[derive(Debug, Clone)]
pub(super) struct Organisation {
    pub(super) kvk_number: String,
    pub(super) name: String,
    pub(super) branches: Vec<String>,
    /// The employees' mail domain (under `.example`).
    pub(super) domain: &'static str,
    /// Share of the orders.
    pub(super) weight: u32,
}

pub(super) fn organisations() -> Result<Vec<Organisation>, SeedError> {
    let register = EmbeddedRegister::load().map_err(|error| SeedError::Generated {
        what: "organisation",
        detail: error.to_string(),
    })?;
    let demo = demo::MANAGERS[0].organisations;
    let shares: [(&str, &'static str, u32); 3] = [
        ("68750110", "testbvdonald.example", 60),
        ("69599084", "emzdagobert.example", 25),
        ("69599068", "bolderbast.example", 15),
    ];
    shares
        .iter()
        .filter(|(kvk, _, _)| demo.contains(kvk))
        .map(|&(kvk, domain, weight)| {
            let number = KvkNumber::parse(kvk).map_err(|error| SeedError::Generated {
                what: "KvK number",
                detail: format!("{kvk}: {error:?}"),
            })?;
            let organisation = register
                .get(&number)
                .map_err(|error| SeedError::Generated {
                    what: "organisation",
                    detail: format!("{kvk}: {error}"),
                })?;
            Ok(Organisation {
                kvk_number: organisation.kvk_number,
                name: organisation.name,
                branches: organisation
                    .branches
                    .into_iter()
                    .map(|b| b.branch_number)
                    .collect(),
                domain,
                weight,
            })
        })
        .collect()
}

impl Generator {
    /// A person as a manager would enter them, validated like an imported users file.
    pub(in crate::seed) fn person(
        &mut self,
        organisation: usize,
        employed: bool,
    ) -> Result<NewUser, SeedError> {
        let names = FIRST_NAMES[self.rng.usize(..FIRST_NAMES.len())];
        let first_names = if self.chance(0.2) {
            let (a, b) = (*self.pick(names), *self.pick(names));
            if a == b || a.contains(' ') || b.contains(' ') {
                a.to_owned()
            } else {
                format!("{a} {b}")
            }
        } else {
            (*self.pick(names)).to_owned()
        };
        let (infix, last_name) = *self.pick(LAST_NAMES);
        let birth_date = Date::from_days_since_unix_epoch(
            self.today.days_since_unix_epoch() - self.between(18 * 365 + 5, 66 * 365),
        )
        .expect("a birth date after 1900");
        let birth_place = *self.pick(BIRTH_PLACES);
        let email = self.email(&first_names, infix, last_name, organisation, employed);
        let mobile = format!(
            "+316{}{:07}",
            self.rng.u8(1..=5),
            self.rng.u32(..10_000_000)
        );
        let raw = RawUser {
            first_names,
            infix: infix.to_owned(),
            last_name: last_name.to_owned(),
            birth_date: birth_date.iso_string(),
            birth_place: birth_place.to_owned(),
            email,
            mobile,
            employed: if employed { "J" } else { "N" }.to_owned(),
        };
        let check = raw.validate(self.today);
        check.user().ok_or_else(|| SeedError::Generated {
            what: "person",
            detail: format!("{raw:?}: {:?}", check),
        })
    }

    /// `voornaam.achternaam@organisatie.example`, or a private address for non-employees;
    /// unique in the seed.
    fn email(
        &mut self,
        first_names: &str,
        infix: &str,
        last_name: &str,
        organisation: usize,
        employed: bool,
    ) -> String {
        let ascii = |s: &str| -> String {
            domain::user::search_key(s)
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect()
        };
        let first = first_names.split(' ').next().unwrap_or(first_names);
        let local = match self.rng.u32(..4) {
            0 => format!("{}{}{}", &ascii(first)[..1], ascii(infix), ascii(last_name)),
            1 => format!(
                "{}.{}",
                &ascii(first)[..1],
                ascii(&format!("{infix}{last_name}"))
            ),
            _ => format!("{}.{}{}", ascii(first), ascii(infix), ascii(last_name)),
        };
        let domain = if employed {
            self.organisations[organisation].domain
        } else {
            *self.pick(PRIVATE_DOMAINS)
        };
        let mut candidate = format!("{local}@{domain}");
        let mut n = 1;
        while !self.emails.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{local}{n}@{domain}");
        }
        candidate
    }
}
