"""Middelpunt's SCIM User as a client describes it (scim2-models), for the compliance check
and the scenario (`cargo xtask scim`). It mirrors what `/scim/v2/Schemas` publishes: the core
attributes Middelpunt serves and its eHerkenning extension. The examples are realistic Dutch
values, from which scim2-tester picks when it fills a user: a random text is no Dutch name,
birth date or mobile number, and Middelpunt orders means only for valid people.
"""

from typing import Annotated

from pydantic import Field
from scim2_models import (
    ComplexAttribute,
    Extension,
    Mutability,
    Required,
    Resource,
    Returned,
    ResourceType,
    ScimProvider,
    Uniqueness,
    URN,
)
from scim2_models.resources.resource import AnyExtension

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
EXTENSION = "urn:middelpunt:params:scim:schemas:extension:eherkenning:2.0:User"


class Name(ComplexAttribute):
    family_name: Annotated[str | None, Required.true, Mutability.immutable] = Field(
        None, examples=["Jansen"]
    )
    given_name: Annotated[str | None, Mutability.immutable] = Field(None, examples=["Jan"])
    formatted: Annotated[str | None, Mutability.read_only] = None


class Email(ComplexAttribute):
    value: Annotated[str | None, Required.true] = None
    type: str | None = Field(None, examples=["work", "home", "other"])
    primary: bool | None = None


class PhoneNumber(ComplexAttribute):
    value: Annotated[str | None, Required.true] = Field(
        None, examples=["+31612345678", "+31687654321", "+31620000001"]
    )
    type: str | None = Field(None, examples=["mobile"])
    primary: bool | None = None


class EHerkenningUser(Extension):
    __schema__ = URN(EXTENSION)

    first_names: Annotated[str | None, Required.true, Mutability.immutable] = Field(
        None, examples=["Jan Pieter"]
    )
    infix: Annotated[str | None, Mutability.immutable] = Field(None, examples=["van"])
    birth_date: Annotated[str | None, Required.true, Mutability.immutable] = Field(
        None, examples=["1985-03-15"]
    )
    birth_place: Annotated[str | None, Required.true, Mutability.immutable] = Field(
        None, examples=["Utrecht"]
    )
    employed: Annotated[bool | None, Required.true, Mutability.immutable] = None
    request_id: Annotated[str | None, Mutability.read_only, Returned.request] = None
    request_status: Annotated[str | None, Mutability.read_only, Returned.request] = None
    level: Annotated[str | None, Mutability.read_only, Returned.request] = None
    means_id: Annotated[str | None, Mutability.read_only, Returned.request] = None
    means_status: Annotated[str | None, Mutability.read_only, Returned.request] = None
    valid_from: Annotated[str | None, Mutability.read_only, Returned.request] = None
    valid_until: Annotated[str | None, Mutability.read_only, Returned.request] = None


class User(Resource[AnyExtension]):
    __schema__ = URN(CORE)

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    name: Annotated[Name | None, Required.true, Mutability.immutable] = None
    display_name: Annotated[str | None, Mutability.read_only] = None
    emails: Annotated[list[Email] | None, Required.true] = None
    phone_numbers: Annotated[list[PhoneNumber] | None, Required.true] = None
    active: Annotated[bool | None, Required.true] = None


MiddelpuntUser = User[Annotated[EHerkenningUser, Required.true]]


def provider() -> ScimProvider:
    """The service as Middelpunt publishes it: Users with the eHerkenning extension."""
    return ScimProvider(
        models=[User, EHerkenningUser],
        resource_types=[ResourceType.from_resource(MiddelpuntUser)],
    )
