use serde_json::{Value, json};

use super::*;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223",
        "userName": "bjensen",
        "name": {"familyName": "Jensen", "givenName": "Barbara"},
        "active": true,
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ]
    })
}

/// Applies a PATCH body (JSON text) to `resource`.
fn patch(resource: &mut Value, body: &str) -> Result<(), PatchError> {
    let request = PatchRequest::from_json(body.as_bytes())?;
    apply(resource, &request)
}

/// Applies the operations (JSON text of the array) to [`user`] and returns the result.
fn ops(operations: &str) -> Value {
    let mut u = user();
    let body = format!(
        r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{operations}}}"#
    );
    if let Err(e) = patch(&mut u, &body) {
        panic!("{operations}: {e}");
    }
    u
}

fn ops_err(operations: &str) -> PatchError {
    let mut u = user();
    let body = format!(
        r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{operations}}}"#
    );
    match patch(&mut u, &body) {
        Ok(()) => panic!("{operations} succeeded: {u}"),
        Err(e) => {
            assert_eq!(u, user(), "a failed PATCH changed the resource");
            e
        }
    }
}

#[test]
fn entra_replace_active_false_string() {
    let mut u = user();
    patch(
        &mut u,
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}"#,
    )
    .unwrap();
    assert_eq!(u["active"], json!(false));
    let u = ops(r#"[{"op":"replace","path":"active","value":"TRUE"}]"#);
    assert_eq!(u["active"], json!(true));
    let u = ops(r#"[{"op":"Replace","value":{"active":"False"}}]"#);
    assert_eq!(u["active"], json!(false));
    // Only for `active`.
    let u = ops(r#"[{"op":"Replace","path":"title","value":"False"}]"#);
    assert_eq!(u["title"], json!("False"));
}

#[test]
fn entra_add_work_email_value_through_filter() {
    let mut u = json!({"schemas": [], "userName": "jan"});
    patch(
        &mut u,
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"emails[type eq \"work\"].value","value":"a@b.nl"}]}"#,
    )
    .unwrap();
    assert_eq!(u["emails"], json!([{"type": "work", "value": "a@b.nl"}]));
    // On a user with a work email it sets that email's value.
    let u = ops(r#"[{"op":"Add","path":"emails[type eq \"work\"].value","value":"a@b.nl"}]"#);
    assert_eq!(u["emails"][0]["value"], json!("a@b.nl"));
    assert_eq!(u["emails"][0]["primary"], json!(true));
    assert_eq!(u["emails"][1], user()["emails"][1]);
    assert_eq!(u["emails"].as_array().map(Vec::len), Some(2));
}

#[test]
fn entra_replace_without_path_dotted_and_urn_keys() {
    let u = ops(
        r#"[{"op":"replace","value":{"name.givenName":"Jan","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"42"}}]"#,
    );
    assert_eq!(
        u["name"],
        json!({"familyName": "Jensen", "givenName": "Jan"})
    );
    assert_eq!(u[ENTERPRISE], json!({"employeeNumber": "42"}));
    // The extension now in use is listed.
    assert_eq!(
        u["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE])
    );
}

#[test]
fn entra_replace_work_email_when_there_is_none_adds_it() {
    let mut u = json!({"userName": "jan", "emails": [{"type": "home", "value": "h@x.nl"}]});
    patch(
        &mut u,
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"w@x.nl"}]}"#,
    )
    .unwrap();
    assert_eq!(
        u["emails"],
        json!([{"type": "home", "value": "h@x.nl"}, {"type": "work", "value": "w@x.nl"}])
    );
}

#[test]
fn entra_single_valued_complex_as_array_of_one() {
    let u = ops(r#"[{"op":"Replace","path":"name","value":[{"givenName":"Jan"}]}]"#);
    assert_eq!(
        u["name"],
        json!({"familyName": "Jensen", "givenName": "Jan"})
    );
    let u = ops(&format!(
        r#"[{{"op":"Add","path":"{ENTERPRISE}:manager","value":[{{"value":"m-1"}}]}}]"#
    ));
    assert_eq!(u[ENTERPRISE]["manager"], json!({"value": "m-1"}));
}

#[test]
fn entra_manager_as_bare_id() {
    let u = ops(&format!(
        r#"[{{"op":"Replace","path":"{ENTERPRISE}:manager","value":"m-2"}}]"#
    ));
    assert_eq!(u[ENTERPRISE], json!({"manager": {"value": "m-2"}}));
    let mut u = u;
    patch(
        &mut u,
        &format!(
            r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{"op":"Remove","path":"{ENTERPRISE}:manager"}}]}}"#
        ),
    )
    .unwrap();
    assert_eq!(u[ENTERPRISE], json!({}));
}

#[test]
fn op_is_case_insensitive_and_unknown_ops_are_syntax_errors() {
    for op in ["add", "Add", "ADD"] {
        let u = ops(&format!(r#"[{{"op":"{op}","path":"title","value":"T"}}]"#));
        assert_eq!(u["title"], json!("T"));
    }
    for op in ["replace", "Replace"] {
        let u = ops(&format!(
            r#"[{{"op":"{op}","path":"userName","value":"x"}}]"#
        ));
        assert_eq!(u["userName"], json!("x"));
    }
    for op in ["remove", "Remove"] {
        let u = ops(&format!(r#"[{{"op":"{op}","path":"userName"}}]"#));
        assert!(u.get("userName").is_none());
    }
    let e = ops_err(r#"[{"op":"move","path":"userName"}]"#);
    assert!(matches!(e, PatchError::Syntax(_)));
    assert_eq!(e.scim_type(), "invalidSyntax");
    assert!(e.to_string().contains("unknown op \"move\""), "{e}");
    assert_eq!(Op::from_word("Remove"), Some(Op::Remove));
    assert_eq!(serde_json::to_value(Op::Replace).unwrap(), json!("replace"));
}

#[test]
fn request_shape_is_checked() {
    let mut u = user();
    let e = patch(
        &mut u,
        r#"{"schemas":["urn:x"],"Operations":[{"op":"remove","path":"title"}]}"#,
    )
    .unwrap_err();
    assert!(matches!(e, PatchError::MissingSchema));
    assert_eq!(e.scim_type(), "invalidSyntax");
    let e = patch(
        &mut u,
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}"#,
    )
    .unwrap_err();
    assert!(matches!(e, PatchError::NoOperations));
    assert!(matches!(patch(&mut u, "{"), Err(PatchError::Syntax(_))));
    assert!(matches!(
        patch(
            &mut u,
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}"#
        ),
        Err(PatchError::Syntax(_))
    ));
    // `apply` checks a request built in code too.
    let request = PatchRequest {
        schemas: vec![],
        operations: vec![],
    };
    assert!(matches!(
        apply(&mut u, &request),
        Err(PatchError::MissingSchema)
    ));
    let request = PatchRequest {
        schemas: vec![crate::PATCH_OP_SCHEMA.into()],
        operations: vec![Operation {
            op: Op::Remove,
            path: Some("title".into()),
            value: None,
        }],
    };
    let mut not_object = json!([]);
    assert!(matches!(
        apply(&mut not_object, &request),
        Err(PatchError::ResourceNotObject)
    ));
}

#[test]
fn add_simple_and_complex() {
    let u = ops(r#"[{"op":"add","path":"nickName","value":"Babs"}]"#);
    assert_eq!(u["nickName"], json!("Babs"));
    // A single-valued attribute is set.
    let u = ops(r#"[{"op":"add","path":"userName","value":"babs"}]"#);
    assert_eq!(u["userName"], json!("babs"));
    // A complex one is merged.
    let u = ops(r#"[{"op":"add","path":"name","value":{"middleName":"J"}}]"#);
    assert_eq!(
        u["name"],
        json!({"familyName": "Jensen", "givenName": "Barbara", "middleName": "J"})
    );
    let u = ops(r#"[{"op":"add","path":"name.honorificPrefix","value":"Ms."}]"#);
    assert_eq!(u["name"]["honorificPrefix"], json!("Ms."));
    let u = ops(r#"[{"op":"add","path":"addresses","value":{"locality":"Utrecht"}}]"#);
    assert_eq!(u["addresses"], json!([{"locality": "Utrecht"}]));
}

#[test]
fn add_to_multi_valued_appends_without_duplicates() {
    let u = ops(
        r#"[{"op":"add","path":"emails","value":[{"value":"new@x.nl","type":"other"},{"value":"babs@jensen.org","type":"home"}]}]"#,
    );
    let emails = u["emails"].as_array().unwrap();
    assert_eq!(emails.len(), 3);
    assert_eq!(emails[2], json!({"value": "new@x.nl", "type": "other"}));
    // A single value is appended too.
    let u = ops(r#"[{"op":"add","path":"emails","value":{"value":"one@x.nl"}}]"#);
    assert_eq!(u["emails"][2], json!({"value": "one@x.nl"}));
    // Without a path.
    let u = ops(r#"[{"op":"add","value":{"emails":[{"value":"two@x.nl"}],"title":"T"}}]"#);
    assert_eq!(u["emails"][2], json!({"value": "two@x.nl"}));
    assert_eq!(u["title"], json!("T"));
}

#[test]
fn replace() {
    let u = ops(r#"[{"op":"replace","path":"emails","value":[{"value":"only@x.nl"}]}]"#);
    assert_eq!(u["emails"], json!([{"value": "only@x.nl"}]));
    let u = ops(r#"[{"op":"replace","path":"name.familyName","value":"Jansen"}]"#);
    assert_eq!(
        u["name"],
        json!({"familyName": "Jansen", "givenName": "Barbara"})
    );
    let u = ops(r#"[{"op":"replace","path":"emails[type eq \"work\"].value","value":"w@x.nl"}]"#);
    assert_eq!(
        u["emails"][0],
        json!({"value": "w@x.nl", "type": "work", "primary": true})
    );
    let u = ops(
        r#"[{"op":"replace","path":"emails[type eq \"work\"]","value":{"value":"w@x.nl","type":"work"}}]"#,
    );
    assert_eq!(u["emails"][0], json!({"value": "w@x.nl", "type": "work"}));
    assert_eq!(u["emails"][1], user()["emails"][1]);
    // Replacing with null unassigns.
    let u = ops(r#"[{"op":"replace","value":{"userName":null}}]"#);
    assert!(u.get("userName").is_none());
}

#[test]
fn names_match_case_insensitively_keeping_the_resources_spelling() {
    let u = ops(r#"[{"op":"replace","path":"USERNAME","value":"x"}]"#);
    assert_eq!(u["userName"], json!("x"));
    assert!(u.get("USERNAME").is_none());
    let u = ops(r#"[{"op":"replace","path":"Name.GivenName","value":"Jan"}]"#);
    assert_eq!(u["name"]["givenName"], json!("Jan"));
    let u = ops(r#"[{"op":"replace","path":"EMAILS[TYPE EQ \"WORK\"].VALUE","value":"w@x.nl"}]"#);
    assert_eq!(u["emails"][0]["value"], json!("w@x.nl"));
    assert!(u["emails"][0].get("VALUE").is_none());
}

#[test]
fn urn_qualified_paths() {
    let u = ops(&format!(
        r#"[{{"op":"add","path":"{ENTERPRISE}:employeeNumber","value":"42"}},{{"op":"add","path":"{ENTERPRISE}:manager.value","value":"m-1"}}]"#
    ));
    assert_eq!(
        u[ENTERPRISE],
        json!({"employeeNumber": "42", "manager": {"value": "m-1"}})
    );
    let u = ops(
        r#"[{"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:userName","value":"x"}]"#,
    );
    assert_eq!(u["userName"], json!("x"));
    let u = ops(&format!(
        r#"[{{"op":"replace","value":{{"{ENTERPRISE}:department":"Tours"}}}}]"#
    ));
    assert_eq!(u[ENTERPRISE], json!({"department": "Tours"}));
    // Removing from an extension the user does not have succeeds and creates nothing.
    let u = ops(&format!(
        r#"[{{"op":"remove","path":"{ENTERPRISE}:department"}}]"#
    ));
    assert_eq!(u, user());
}

#[test]
fn whole_extension() {
    let u = ops(&format!(
        r#"[{{"op":"add","value":{{"{ENTERPRISE}":{{"employeeNumber":"7","department":"D"}}}}}}]"#
    ));
    assert_eq!(
        u[ENTERPRISE],
        json!({"employeeNumber": "7", "department": "D"})
    );
    let mut u = u;
    patch(
        &mut u,
        &format!(
            r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{"op":"replace","path":"{ENTERPRISE}","value":{{"department":"E"}}}}]}}"#
        ),
    )
    .unwrap();
    assert_eq!(
        u[ENTERPRISE],
        json!({"employeeNumber": "7", "department": "E"})
    );
    patch(
        &mut u,
        &format!(
            r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{"op":"remove","path":"{ENTERPRISE}"}}]}}"#
        ),
    )
    .unwrap();
    assert_eq!(u, user());
    let e = ops_err(&format!(
        r#"[{{"op":"add","path":"{ENTERPRISE}","value":"x"}}]"#
    ));
    assert!(matches!(
        e,
        PatchError::InvalidValue {
            index: 0,
            problem: ValueProblem::ExtensionNotObject
        }
    ));
}

#[test]
fn remove() {
    let u = ops(r#"[{"op":"remove","path":"name.givenName"}]"#);
    assert_eq!(u["name"], json!({"familyName": "Jensen"}));
    let u = ops(r#"[{"op":"remove","path":"emails[type eq \"work\"]"}]"#);
    assert_eq!(
        u["emails"],
        json!([{"value": "babs@jensen.org", "type": "home"}])
    );
    let u = ops(r#"[{"op":"remove","path":"emails[type eq \"work\"].primary"}]"#);
    assert_eq!(
        u["emails"][0],
        json!({"value": "bjensen@example.com", "type": "work"})
    );
    // Removing every value unassigns the attribute.
    let u = ops(r#"[{"op":"remove","path":"emails[value co \"@\"]"}]"#);
    assert!(u.get("emails").is_none());
    let u = ops(r#"[{"op":"remove","path":"emails"}]"#);
    assert!(u.get("emails").is_none());
    // What is not there is removed already.
    assert_eq!(ops(r#"[{"op":"remove","path":"nickName"}]"#), user());
    assert_eq!(
        ops(r#"[{"op":"remove","path":"emails[type eq \"other\"]"}]"#),
        user()
    );
    // With a value: only those values (Entra ID's group members).
    let u = ops(r#"[{"op":"Remove","path":"emails","value":[{"value":"babs@jensen.org"}]}]"#);
    assert_eq!(u["emails"].as_array().map(Vec::len), Some(1));
    assert_eq!(u["emails"][0]["type"], json!("work"));
}

#[test]
fn remove_needs_a_path() {
    let e = ops_err(r#"[{"op":"remove","value":{"userName":"x"}}]"#);
    assert!(matches!(e, PatchError::RemoveWithoutPath { index: 0 }));
    assert_eq!(e.scim_type(), "noTarget");
    assert_eq!(e.to_string(), "Operations[0]: remove needs a path");
}

#[test]
fn operations_apply_in_order_all_or_nothing() {
    let u = ops(
        r#"[{"op":"add","path":"title","value":"A"},{"op":"replace","path":"title","value":"B"},{"op":"remove","path":"userName"}]"#,
    );
    assert_eq!(u["title"], json!("B"));
    assert!(u.get("userName").is_none());
    // The second fails: the first is not kept (`ops_err` checks the resource is unchanged).
    let e =
        ops_err(r#"[{"op":"add","path":"title","value":"A"},{"op":"add","path":"x[","value":1}]"#);
    assert!(matches!(e, PatchError::InvalidPath { index: 1, .. }));
}

#[test]
fn errors() {
    let e = ops_err(r#"[{"op":"replace","path":"emails[type eq \"work\"","value":"x"}]"#);
    assert!(matches!(
        &e,
        PatchError::InvalidPath {
            index: 0,
            source: FilterError::UnclosedBracket { pos: 6 },
            ..
        }
    ));
    assert_eq!(e.scim_type(), "invalidPath");
    assert_eq!(
        e.to_string(),
        r#"Operations[0]: invalid path "emails[type eq \"work\"": the bracket at position 6 is not closed"#
    );

    let e = ops_err(r#"[{"op":"replace","path":"emails.value","value":"x"}]"#);
    assert!(matches!(
        e,
        PatchError::UnusablePath {
            problem: PathProblem::SubAttributeOfMultiValued,
            ..
        }
    ));
    assert_eq!(e.scim_type(), "invalidPath");
    let e = ops_err(r#"[{"op":"replace","path":"userName.x","value":"x"}]"#);
    assert!(matches!(
        e,
        PatchError::UnusablePath {
            problem: PathProblem::SubAttributeOfSimple,
            ..
        }
    ));
    let e = ops_err(r#"[{"op":"replace","path":"name[givenName eq \"x\"]","value":{}}]"#);
    assert!(matches!(
        e,
        PatchError::UnusablePath {
            problem: PathProblem::FilterOnSingleValued,
            ..
        }
    ));

    let e =
        ops_err(r#"[{"op":"replace","path":"emails[value co \"@nowhere\"].value","value":"x"}]"#);
    assert!(matches!(e, PatchError::NoTarget { index: 0, .. }));
    assert_eq!(e.scim_type(), "noTarget");

    let e = ops_err(r#"[{"op":"add","path":"title"}]"#);
    assert!(matches!(
        e,
        PatchError::MissingValue {
            index: 0,
            op: Op::Add
        }
    ));
    assert_eq!(e.scim_type(), "invalidValue");
    assert_eq!(e.to_string(), "Operations[0]: add needs a value");
    let e = ops_err(r#"[{"op":"replace"}]"#);
    assert!(matches!(
        e,
        PatchError::MissingValue {
            op: Op::Replace,
            ..
        }
    ));
    let e = ops_err(r#"[{"op":"replace","value":"x"}]"#);
    assert!(matches!(
        e,
        PatchError::InvalidValue {
            problem: ValueProblem::NotAnObject,
            ..
        }
    ));
    assert_eq!(e.scim_type(), "invalidValue");
    let e = ops_err(r#"[{"op":"replace","path":"emails[type eq \"work\"]","value":"x"}]"#);
    assert!(matches!(
        e,
        PatchError::InvalidValue {
            problem: ValueProblem::FilterValueNotObject,
            ..
        }
    ));
}

#[test]
fn add_through_filter_without_sub_attribute() {
    let u = ops(r#"[{"op":"add","path":"emails[type eq \"work\"]","value":{"display":"Work"}}]"#);
    assert_eq!(
        u["emails"][0],
        json!({"value": "bjensen@example.com", "type": "work", "primary": true, "display": "Work"})
    );
    let u = ops(
        r#"[{"op":"add","path":"phoneNumbers[type eq \"mobile\"]","value":{"value":"+31612345678"}}]"#,
    );
    assert_eq!(
        u["phoneNumbers"],
        json!([{"type": "mobile", "value": "+31612345678"}])
    );
}

#[test]
fn request_round_trips_through_serde() {
    let body = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}, {"op": "remove", "path": "title"}]
    });
    let request: PatchRequest = serde_json::from_value(body).unwrap();
    assert_eq!(request.operations[0].op, Op::Replace);
    assert_eq!(request.operations[1].value, None);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "active", "value": "False"}, {"op": "remove", "path": "title"}]
        })
    );
}

#[test]
fn one_primary_value() {
    let u = ops(r#"[{"op":"add","path":"emails","value":[{"value":"new@x.nl","primary":true}]}]"#);
    assert_eq!(u["emails"][0]["primary"], json!(false));
    assert_eq!(u["emails"][2]["primary"], json!(true));
    let u = ops(r#"[{"op":"replace","path":"emails[type eq \"home\"].primary","value":true}]"#);
    assert_eq!(u["emails"][0]["primary"], json!(false));
    assert_eq!(u["emails"][1]["primary"], json!(true));
    // Changing something else leaves the primary alone.
    let u = ops(r#"[{"op":"replace","path":"emails[type eq \"work\"].display","value":"W"}]"#);
    assert_eq!(u["emails"][0]["primary"], json!(true));
}
