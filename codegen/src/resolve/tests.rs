//! The resolve stage on small documents: the graph it builds, and the errors it finds, each at
//! the `$ref` it is about.

use super::graph::{Kind, Node};
use super::{resolve, Resolved};

fn resolved(yaml: &str) -> Result<Resolved, Vec<(String, String)>> {
    let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{yaml}");
    let value = crate::load::normalized(&text, "t.yaml").expect("loads");
    let document = crate::load::typed(value, "t.yaml").expect("types");
    resolve(document, "t.yaml").map_err(|errors| errors.errors.into_iter().map(|d| (d.pointer, d.message)).collect())
}

fn errors(yaml: &str) -> Vec<(String, String)> {
    match resolved(yaml) {
        Ok(_) => panic!("resolves without an error"),
        Err(errors) => errors,
    }
}

/// The one error's pointer, and that its message says `says`.
fn one_error_at(yaml: &str, says: &str) -> String {
    let errors = errors(yaml);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].1.contains(says), "{errors:?}");
    errors[0].0.clone()
}

#[test]
fn references_become_component_ids() {
    let graph = resolved(
        "components:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}, c: {$ref: '#/components/schemas/C~1D'}}}\n    B: {type: string}\n    C/D: {$ref: '#/components/schemas/B'}\n",
    )
    .expect("resolves")
    .graph;
    let names: Vec<&str> = graph.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["A", "B", "C/D"]);
    assert_eq!(graph.components[2].pointer, "#/components/schemas/C~1D");
    let Node::Item(a) = &graph.components[0].schema else { panic!("A is a schema") };
    let Kind::Object(object) = &a.kind else { panic!("A is an object: {a:?}") };
    assert_eq!(object.properties[0], ("b".to_owned(), Node::Ref(1)));
    assert_eq!(object.properties[1], ("c".to_owned(), Node::Ref(2)));
    assert_eq!(graph.components[2].schema, Node::Ref(1));
    let (b, home) = graph.schema_of(2).expect("C/D leads to a schema");
    assert_eq!((&b.kind, home), (&Kind::String(Vec::new()), 1), "an alias is followed to the component that holds the schema");
}

#[test]
fn mixed_keywords_get_one_kind() {
    let graph = resolved("components:\n  schemas:\n    E: {enum: [a, b]}\n    O: {required: [x]}\n    L: {items: {type: integer, format: int32}}\n")
        .expect("resolves")
        .graph;
    let kinds: Vec<&Kind> = graph
        .components
        .iter()
        .map(|c| match &c.schema {
            Node::Item(schema) => &schema.kind,
            Node::Ref(_) => panic!("not a reference"),
        })
        .collect();
    assert_eq!(kinds[0], &Kind::String(vec![Some("a".into()), Some("b".into())]));
    assert!(matches!(kinds[1], Kind::Object(object) if object.required == ["x"]), "{:?}", kinds[1]);
    let Kind::Array(Some(items)) = kinds[2] else { panic!("an array: {:?}", kinds[2]) };
    assert!(matches!(&**items, Node::Item(schema) if schema.kind == Kind::Integer { values: Vec::new(), int32: true }));
}

#[test]
fn dangling_schema_refs_are_errors_at_the_ref() {
    let at = one_error_at("components:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/Nope'}}}\n", "does not exist");
    assert_eq!(at, "#/components/schemas/A/properties/b");
    let at = one_error_at("components:\n  schemas:\n    A: {type: array, items: {$ref: '#/components/schemas/A/items'}}\n", "points inside");
    assert_eq!(at, "#/components/schemas/A/items");
    let at = one_error_at("components:\n  schemas:\n    A: {$ref: '#/definitions/A'}\n", "does not point into");
    assert_eq!(at, "#/components/schemas/A");
}

#[test]
fn refs_in_every_part_of_an_operation_are_checked() {
    let yaml = "paths:\n  /a:\n    parameters:\n      - $ref: '#/components/parameters/Missing'\n    post:\n      parameters:\n        - {name: q, in: query, schema: {$ref: '#/components/schemas/Gone'}}\n      requestBody: {$ref: '#/components/requestBodies/Missing'}\n      responses:\n        '200': {$ref: '#/components/responses/Missing'}\n        '404':\n          description: x\n          headers: {X-A: {$ref: '#/components/headers/Missing'}}\n      callbacks:\n        done:\n          '{$request.body#/url}':\n            post:\n              requestBody:\n                content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}\n              responses: {'200': {description: ok}}\n";
    let pointers: Vec<String> = errors(yaml).into_iter().map(|(pointer, _)| pointer).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1a/parameters/0",
            "#/paths/~1a/post/parameters/0/schema",
            "#/paths/~1a/post/callbacks/done/{$request.body#~1url}/post/requestBody/content/application~1json/schema",
            "#/paths/~1a/post/requestBody",
            "#/paths/~1a/post/responses/200",
            "#/paths/~1a/post/responses/404/headers/X-A",
        ]
    );
}

#[test]
fn refs_in_components_and_webhooks_are_checked() {
    let yaml = "webhooks:\n  ping:\n    post:\n      requestBody:\n        content: {application/json: {schema: {$ref: '#/components/schemas/Gone'}}}\n      responses: {'200': {description: ok}}\ncomponents:\n  parameters:\n    P: {$ref: '#/components/parameters/Q'}\n  responses:\n    R: {$ref: '#/components/headers/H'}\n";
    let pointers: Vec<String> = errors(yaml).into_iter().map(|(pointer, _)| pointer).collect();
    assert_eq!(
        pointers,
        ["#/components/responses/R", "#/components/parameters/P", "#/webhooks/ping/post/requestBody/content/application~1json/schema"]
    );
}

#[test]
fn component_bodies_are_copied_into_operations() {
    let yaml = "paths:\n  /a:\n    post:\n      requestBody: {$ref: '#/components/requestBodies/Alias'}\n      responses:\n        '200': {$ref: '#/components/responses/Ok'}\ncomponents:\n  requestBodies:\n    Alias: {$ref: '#/components/requestBodies/Body'}\n    Body:\n      content: {application/json: {schema: {type: string}}}\n  responses:\n    Ok:\n      description: ok\n      content: {application/json: {schema: {type: integer}}}\n";
    let graph = resolved(yaml).expect("resolves").graph;
    let operation = &graph.operations[0];
    assert_eq!((operation.path.as_str(), operation.method, operation.pointer.as_str()), ("/a", "post", "#/paths/~1a/post"));
    assert_eq!(operation.request.len(), 1);
    assert_eq!(operation.request[0].pointer, "#/components/requestBodies/Body/content/application~1json/schema", "the place it is written");
    assert_eq!(operation.responses[0].status, "200");
    assert_eq!(operation.responses[0].content[0].pointer, "#/components/responses/Ok/content/application~1json/schema");
}

#[test]
fn body_reference_cycles_are_errors() {
    let yaml = "paths:\n  /a:\n    post:\n      requestBody: {$ref: '#/components/requestBodies/A'}\n      responses: {'200': {description: ok}}\ncomponents:\n  requestBodies:\n    A: {$ref: '#/components/requestBodies/B'}\n    B: {$ref: '#/components/requestBodies/A'}\n";
    assert_eq!(one_error_at(yaml, "cycle"), "#/paths/~1a/post/requestBody");
}

#[test]
fn self_aliases_are_errors_that_name_the_cycle() {
    let errors = errors("components:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {anyOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]}\n    C: {type: object, properties: {a: {$ref: '#/components/schemas/C'}}}\n");
    assert_eq!(
        errors,
        [
            ("#/components/schemas/A".to_owned(), "`$ref` cycle that never reaches a schema: A -> B -> A".to_owned()),
            ("#/components/schemas/B".to_owned(), "`$ref` cycle that never reaches a schema: B -> A -> B".to_owned()),
        ],
        "a cycle through a property (C) is recursion, not an alias"
    );
}

#[test]
fn discriminator_mappings_name_components() {
    let yaml = "components:\n  schemas:\n    U:\n      oneOf: [{$ref: '#/components/schemas/Dog'}]\n      discriminator: {propertyName: kind, mapping: {dog: Dog, hound: '#/components/schemas/Dog', cat: Cat}}\n    Dog: {type: object}\n";
    let resolved = resolved(yaml).expect("resolves");
    let Node::Item(union) = &resolved.graph.components[0].schema else { panic!("U is a schema") };
    let discriminator = union.discriminator.as_ref().expect("kept");
    assert_eq!(discriminator.property, "kind");
    assert_eq!(discriminator.mapping, [("dog".to_owned(), 1), ("hound".to_owned(), 1)]);
    let warnings: Vec<&str> = resolved.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(warnings, ["#/components/schemas/U/discriminator/mapping/cat"], "a value that names nothing is set aside, with a warning");
}

/// The component schemas are lowered in two parts on two cores: the errors of both, and of the
/// paths walked beside them, come in document order, and the components keep theirs.
#[test]
fn errors_of_schemas_lowered_apart_come_in_document_order() {
    let mut yaml = String::from("paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}}\ncomponents:\n  schemas:\n");
    let names = ["F", "E", "D", "C", "B", "A"];
    for name in names {
        yaml.push_str(&format!("    {name}: {{type: object, properties: {{x: {{$ref: '#/components/schemas/Missing{name}'}}}}}}\n"));
    }
    let errors = errors(&yaml);
    let pointers: Vec<&str> = errors.iter().map(|(pointer, _)| pointer.as_str()).collect();
    let mut expected: Vec<String> = names.iter().map(|name| format!("#/components/schemas/{name}/properties/x")).collect();
    expected.push("#/paths/~1a/get/responses/200/content/application~1json/schema".to_owned());
    assert_eq!(pointers, expected);
}
