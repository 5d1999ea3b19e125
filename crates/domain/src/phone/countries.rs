//! The table of foreign mobile ranges (a data table).

/// Mobile ranges of one country: national significant numbers starting with one of `prefixes`
/// and `min..=max` digits long.
#[derive(Debug)]
pub(super) struct MobileRange {
    pub(super) prefixes: &'static [&'static str],
    pub(super) min: u8,
    pub(super) max: u8,
}

/// One country of the table: ISO code, calling code, names and mobile ranges.
#[derive(Debug)]
pub(super) struct CountryRule {
    pub(super) iso: &'static str,
    pub(super) code: &'static str,
    pub(super) name_nl: &'static str,
    pub(super) name_en: &'static str,
    pub(super) ranges: &'static [MobileRange],
}

impl PartialEq for CountryRule {
    fn eq(&self, other: &Self) -> bool {
        self.iso == other.iso
    }
}

impl Eq for CountryRule {}

const fn r(prefixes: &'static [&'static str], min: u8, max: u8) -> MobileRange {
    MobileRange { prefixes, min, max }
}

/// Mobile ranges after libphonenumber's metadata (`PhoneNumberMetadata.xml`, type `mobile`),
/// simplified to prefixes and lengths. North America (+1) is absent on purpose: its mobile and
/// fixed numbers share ranges.
pub(super) static COUNTRIES: &[CountryRule] = &[
    CountryRule {
        iso: "BE",
        code: "32",
        name_nl: "België",
        name_en: "Belgium",
        ranges: &[r(&["45", "46", "47", "48", "49"], 9, 9)],
    },
    CountryRule {
        iso: "DE",
        code: "49",
        name_nl: "Duitsland",
        name_en: "Germany",
        ranges: &[r(&["15"], 11, 11), r(&["16", "17"], 10, 11)],
    },
    CountryRule {
        iso: "LU",
        code: "352",
        name_nl: "Luxemburg",
        name_en: "Luxembourg",
        ranges: &[r(&["6"], 9, 9)],
    },
    CountryRule {
        iso: "FR",
        code: "33",
        name_nl: "Frankrijk",
        name_en: "France",
        ranges: &[r(&["6", "73", "74", "75", "76", "77", "78", "79"], 9, 9)],
    },
    CountryRule {
        iso: "GB",
        code: "44",
        name_nl: "het Verenigd Koninkrijk",
        name_en: "the United Kingdom",
        ranges: &[r(&["71", "72", "73", "74", "75", "77", "78", "79"], 10, 10)],
    },
    CountryRule {
        iso: "IE",
        code: "353",
        name_nl: "Ierland",
        name_en: "Ireland",
        ranges: &[r(&["83", "85", "86", "87", "88", "89"], 9, 9)],
    },
    CountryRule {
        iso: "ES",
        code: "34",
        name_nl: "Spanje",
        name_en: "Spain",
        ranges: &[r(&["6", "71", "72", "73", "74"], 9, 9)],
    },
    CountryRule {
        iso: "PT",
        code: "351",
        name_nl: "Portugal",
        name_en: "Portugal",
        ranges: &[r(&["91", "92", "93", "96"], 9, 9)],
    },
    CountryRule {
        iso: "IT",
        code: "39",
        name_nl: "Italië",
        name_en: "Italy",
        ranges: &[r(&["3"], 9, 10)],
    },
    CountryRule {
        iso: "AT",
        code: "43",
        name_nl: "Oostenrijk",
        name_en: "Austria",
        ranges: &[r(&["65", "66", "67", "68", "69"], 10, 13)],
    },
    CountryRule {
        iso: "CH",
        code: "41",
        name_nl: "Zwitserland",
        name_en: "Switzerland",
        ranges: &[r(&["75", "76", "77", "78", "79"], 9, 9)],
    },
    CountryRule {
        iso: "PL",
        code: "48",
        name_nl: "Polen",
        name_en: "Poland",
        ranges: &[r(
            &[
                "45", "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88",
            ],
            9,
            9,
        )],
    },
    CountryRule {
        iso: "CZ",
        code: "420",
        name_nl: "Tsjechië",
        name_en: "Czechia",
        ranges: &[r(&["60", "70", "72", "73", "77", "79"], 9, 9)],
    },
    CountryRule {
        iso: "SK",
        code: "421",
        name_nl: "Slowakije",
        name_en: "Slovakia",
        ranges: &[r(&["9"], 9, 9)],
    },
    CountryRule {
        iso: "HU",
        code: "36",
        name_nl: "Hongarije",
        name_en: "Hungary",
        ranges: &[r(&["20", "30", "31", "50", "70"], 9, 9)],
    },
    CountryRule {
        iso: "RO",
        code: "40",
        name_nl: "Roemenië",
        name_en: "Romania",
        ranges: &[r(&["7"], 9, 9)],
    },
    CountryRule {
        iso: "BG",
        code: "359",
        name_nl: "Bulgarije",
        name_en: "Bulgaria",
        ranges: &[r(&["87", "88", "89", "98"], 9, 9)],
    },
    CountryRule {
        iso: "GR",
        code: "30",
        name_nl: "Griekenland",
        name_en: "Greece",
        ranges: &[r(&["68", "69"], 10, 10)],
    },
    CountryRule {
        iso: "HR",
        code: "385",
        name_nl: "Kroatië",
        name_en: "Croatia",
        ranges: &[r(&["9"], 8, 9)],
    },
    CountryRule {
        iso: "SI",
        code: "386",
        name_nl: "Slovenië",
        name_en: "Slovenia",
        ranges: &[r(
            &[
                "30", "31", "40", "41", "43", "49", "51", "64", "65", "68", "69", "70", "71",
            ],
            8,
            8,
        )],
    },
    CountryRule {
        iso: "LT",
        code: "370",
        name_nl: "Litouwen",
        name_en: "Lithuania",
        ranges: &[r(&["6"], 8, 8)],
    },
    CountryRule {
        iso: "LV",
        code: "371",
        name_nl: "Letland",
        name_en: "Latvia",
        ranges: &[r(&["2"], 8, 8)],
    },
    CountryRule {
        iso: "EE",
        code: "372",
        name_nl: "Estland",
        name_en: "Estonia",
        ranges: &[r(&["5", "8"], 7, 8)],
    },
    CountryRule {
        iso: "SE",
        code: "46",
        name_nl: "Zweden",
        name_en: "Sweden",
        ranges: &[r(&["70", "72", "73", "76", "79"], 9, 9)],
    },
    CountryRule {
        iso: "NO",
        code: "47",
        name_nl: "Noorwegen",
        name_en: "Norway",
        ranges: &[r(&["4", "9"], 8, 8)],
    },
    CountryRule {
        iso: "FI",
        code: "358",
        name_nl: "Finland",
        name_en: "Finland",
        ranges: &[r(&["4", "50"], 6, 10)],
    },
    CountryRule {
        iso: "UA",
        code: "380",
        name_nl: "Oekraïne",
        name_en: "Ukraine",
        ranges: &[r(
            &[
                "39", "50", "63", "66", "67", "68", "73", "91", "92", "93", "94", "95", "96", "97",
                "98", "99",
            ],
            9,
            9,
        )],
    },
    CountryRule {
        iso: "TR",
        code: "90",
        name_nl: "Turkije",
        name_en: "Turkey",
        ranges: &[r(&["50", "53", "54", "55", "56"], 10, 10)],
    },
    CountryRule {
        iso: "MA",
        code: "212",
        name_nl: "Marokko",
        name_en: "Morocco",
        ranges: &[r(&["6", "7"], 9, 9)],
    },
    CountryRule {
        iso: "SR",
        code: "597",
        name_nl: "Suriname",
        name_en: "Suriname",
        ranges: &[r(&["6", "7", "8"], 7, 7)],
    },
    CountryRule {
        iso: "AW",
        code: "297",
        name_nl: "Aruba",
        name_en: "Aruba",
        ranges: &[r(&["56", "59", "6", "7"], 7, 7)],
    },
    CountryRule {
        iso: "CW",
        code: "599",
        name_nl: "Curaçao of Caribisch Nederland",
        name_en: "Curaçao or the Caribbean Netherlands",
        ranges: &[r(&["95", "96", "77", "78", "79"], 8, 8)],
    },
    CountryRule {
        iso: "ZA",
        code: "27",
        name_nl: "Zuid-Afrika",
        name_en: "South Africa",
        ranges: &[r(&["6", "7", "8"], 9, 9)],
    },
    CountryRule {
        iso: "IN",
        code: "91",
        name_nl: "India",
        name_en: "India",
        ranges: &[r(&["6", "7", "8", "9"], 10, 10)],
    },
    CountryRule {
        iso: "CN",
        code: "86",
        name_nl: "China",
        name_en: "China",
        ranges: &[r(&["13", "14", "15", "16", "17", "18", "19"], 11, 11)],
    },
    CountryRule {
        iso: "PH",
        code: "63",
        name_nl: "de Filipijnen",
        name_en: "the Philippines",
        ranges: &[r(&["9"], 10, 10)],
    },
    CountryRule {
        iso: "AU",
        code: "61",
        name_nl: "Australië",
        name_en: "Australia",
        ranges: &[r(&["4"], 9, 9)],
    },
    CountryRule {
        iso: "NZ",
        code: "64",
        name_nl: "Nieuw-Zeeland",
        name_en: "New Zealand",
        ranges: &[r(&["2"], 8, 10)],
    },
    CountryRule {
        iso: "JP",
        code: "81",
        name_nl: "Japan",
        name_en: "Japan",
        ranges: &[r(&["70", "80", "90"], 10, 10)],
    },
];
