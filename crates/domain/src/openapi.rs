//! `utoipa::ToSchema` for the types whose serde form is written by hand (feature `openapi`,
//! for the server's OpenAPI document only); the other body types derive it where declared.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::pricing::Term;
use crate::register_date::RegisterDate;
use crate::user::EmployedValue;

/// A term in years: `1`, `3` or `5` (`#[serde(try_from = "u8")]`).
impl PartialSchema for Term {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Integer))
            .enum_values(Some(Term::ALL.map(|term| term.years())))
            .description(Some("The term in years."))
            .into()
    }
}

impl ToSchema for Term {}

/// `employed`: a boolean when valid, else the text as entered.
impl PartialSchema for EmployedValue {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(SchemaType::Type(Type::Boolean)))
            .item(ObjectBuilder::new().schema_type(SchemaType::Type(Type::String)))
            .description(Some("A boolean when valid, else the text as entered."))
            .into()
    }
}

impl ToSchema for EmployedValue {}

/// A date of the KvK register: ISO 8601, as precise as the register knows it.
impl PartialSchema for RegisterDate {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .pattern(Some("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"))
            .description(Some(
                "A date of the KvK register, ISO 8601 as precise as the register knows it: \
                 `2024-03-01`, or only the month (`2024-03`) or the year (`2024`).",
            ))
            .into()
    }
}

impl ToSchema for RegisterDate {}
