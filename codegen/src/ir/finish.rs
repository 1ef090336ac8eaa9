//! Whole-model passes after building: box what recursion requires, turn self-referring aliases
//! into newtypes, open the constants no union dispatches on, and decide which types have a
//! `Default`.

use super::{Dispatch, Model, Payload, TypeId, TypeKind, TypeRef};
use crate::config::Config;
use crate::naming::Scope;

pub fn finish(model: &mut Model, config: &Config) {
    newtype_recursive_aliases(model);
    box_recursion(model);
    if config.open_enums {
        open_constants(model);
    }
    derive_defaults(model);
}

/// Every `Named` id in a type; `by_value` stops at `Vec` and maps, which already allocate.
fn named(ty: &TypeRef, by_value: bool, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Option(inner) | TypeRef::Box(inner) => named(inner, by_value, out),
        TypeRef::Vec(inner) | TypeRef::Map(inner) if !by_value => named(inner, by_value, out),
        _ => {}
    }
}

fn edges(kind: &TypeKind, by_value: bool) -> Vec<TypeId> {
    let mut out = Vec::with_capacity(8);
    match kind {
        TypeKind::Struct(object) => {
            for field in &object.fields {
                named(&field.ty, by_value, &mut out);
            }
            for (_, ty) in &object.flattened {
                named(ty, by_value, &mut out);
            }
            if let Some((_, ty)) = &object.additional {
                named(&TypeRef::Map(Box::new(ty.clone())), by_value, &mut out);
            }
        }
        TypeKind::Union(union) => {
            for variant in &union.variants {
                if let Payload::Value(ty) = &variant.payload {
                    named(ty, by_value, &mut out);
                }
            }
        }
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => named(ty, by_value, &mut out),
        TypeKind::Operation(operation) => operation.type_refs().for_each(|ty| named(ty, by_value, &mut out)),
        TypeKind::Enum(_) | TypeKind::Const(_) | TypeKind::Integers(_) | TypeKind::Pending => {}
    }
    out
}

/// Strongly connected components (Tarjan), as a component number per type.
fn components(model: &Model, by_value: bool) -> Vec<usize> {
    let graph: Vec<Vec<TypeId>> = model.types.iter().map(|t| edges(&t.kind, by_value)).collect();
    let count = graph.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; count], vec![0; count], vec![false; count]);
    let (mut stack, mut component, mut next_index, mut next_component) = (Vec::new(), vec![usize::MAX; count], 0, 0);
    for start in 0..count {
        if index[start] != usize::MAX {
            continue;
        }
        // An explicit stack of (node, next edge to visit): hostile specs nest deeply.
        let mut work = vec![(start, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = graph[node].get(*edge) {
                *edge += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

fn in_cycle(model: &Model, components: &[usize], id: TypeId, by_value: bool) -> bool {
    let size = components.iter().filter(|&&c| c == components[id]).count();
    size > 1 || edges(&model.types[id].kind, by_value).contains(&id)
}

/// `type A = Vec<A>` does not compile; `struct A(Vec<A>)` does.
fn newtype_recursive_aliases(model: &mut Model) {
    let components = components(model, false);
    for id in 0..model.types.len() {
        if let TypeKind::Alias(ty) = &model.types[id].kind {
            if in_cycle(model, &components, id, false) {
                model.types[id].kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
}

/// A type that contains itself by value (through fields and variants) needs a `Box`.
fn box_recursion(model: &mut Model) {
    let components = components(model, true);
    let boxed = |ty: &mut TypeRef, from: TypeId| box_within(ty, |to| components[to] == components[from]);
    for id in 0..model.types.len() {
        match &mut model.types[id].kind {
            TypeKind::Struct(object) => object.fields.iter_mut().for_each(|f| boxed(&mut f.ty, id)),
            TypeKind::Union(union) => {
                for variant in &mut union.variants {
                    if let Payload::Value(ty) = &mut variant.payload {
                        boxed(ty, id);
                    }
                }
            }
            TypeKind::Newtype(ty) => boxed(ty, id),
            _ => {}
        }
    }
}

fn box_within(ty: &mut TypeRef, same_cycle: impl Fn(TypeId) -> bool) {
    match ty {
        TypeRef::Named(id) if same_cycle(*id) => *ty = TypeRef::Box(Box::new(ty.clone())),
        TypeRef::Option(inner) => box_within(inner, same_cycle),
        _ => {}
    }
}

/// The type a reference names, through boxes, options and aliases.
fn named_type(model: &Model, ty: &TypeRef) -> Option<TypeId> {
    let mut ty = ty;
    // Alias chains are acyclic; the bound is only a guard.
    for _ in 0..64 {
        match ty {
            TypeRef::Box(inner) | TypeRef::Option(inner) => ty = inner,
            TypeRef::Named(id) => match &model.types[*id].kind {
                TypeKind::Alias(inner) => ty = inner,
                _ => return Some(*id),
            },
            _ => return None,
        }
    }
    None
}

/// The constants a union dispatches on: each tagged union's key properties in its variants.
fn tag_constants(model: &Model) -> Vec<TypeId> {
    let mut tags = Vec::new();
    for def in &model.types {
        let TypeKind::Union(union) = &def.kind else { continue };
        let Dispatch::Tagged(tagged) = &union.dispatch else { continue };
        for variant in &union.variants {
            let Payload::Value(ty) = &variant.payload else { continue };
            let Some(member) = named_type(model, ty) else { continue };
            let TypeKind::Struct(object) = &model.types[member].kind else { continue };
            for field in object.fields.iter().filter(|f| tagged.keys.contains(&f.wire)) {
                if let Some(constant) = named_type(model, &field.ty) {
                    tags.push(constant);
                }
            }
        }
    }
    tags
}

/// A constant no union dispatches on accepts and keeps another value (`"api"` where the spec
/// says `"url"`), as an open enum does; reading one is a lenient read, so a union trying its
/// variants prefers one whose constants match.
fn open_constants(model: &mut Model) {
    let tags = tag_constants(model);
    for (id, def) in model.types.iter_mut().enumerate() {
        if let TypeKind::Const(constant) = &mut def.kind {
            if !tags.contains(&id) {
                let mut scope = Scope::default();
                scope.try_claim(&constant.variant.name);
                constant.other = Some(crate::naming::fallback_name(&mut scope));
            }
        }
    }
}

/// The least fixpoint of "has a default": a type has one when every field (or, for a union,
/// some variant) has one by an earlier step, so no `Default` ever calls itself.
fn derive_defaults(model: &mut Model) {
    for def in &mut model.types {
        def.default = match &def.kind {
            TypeKind::Const(_) => true,
            TypeKind::Enum(values) => values.other.is_some(),
            TypeKind::Integers(integers) => integers.is_constant() || integers.other.is_some(),
            _ => false,
        };
    }
    loop {
        let mut changed = false;
        for id in 0..model.types.len() {
            if model.types[id].default {
                continue;
            }
            let has = |ty: &TypeRef| model.has_default(ty);
            let mut union_default = None;
            let ok = match &model.types[id].kind {
                TypeKind::Struct(object) => {
                    object.fields.iter().all(|f| f.optional() || has(&f.ty)) && object.flattened.iter().all(|(_, ty)| has(ty))
                }
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => has(ty),
                TypeKind::Union(union) => {
                    union_default = match &union.dispatch {
                        Dispatch::Tagged(tagged) if tagged.unknown.is_some() => tagged.unknown,
                        _ => union.variants.iter().position(|variant| match &variant.payload {
                            Payload::Unit { .. } => true,
                            Payload::Value(ty) => has(ty),
                        }),
                    };
                    union_default.is_some()
                }
                _ => false,
            };
            if ok {
                model.types[id].default = true;
                if let TypeKind::Union(union) = &mut model.types[id].kind {
                    union.default = union_default;
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Constant, Docs, Field, Module, Struct, Tagged, TypeDef, Union, UnionVariant, Variant};

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef { module: 0, name: name.to_owned(), docs: Docs::default(), deprecated: false, kind, default: false }
    }

    fn field(wire: &str, ty: TypeRef, required: bool) -> Field {
        Field { name: wire.to_owned(), wire: wire.to_owned(), ty, required, nullable: false, docs: Docs::default(), deprecated: false }
    }

    fn object(fields: Vec<Field>) -> TypeKind {
        TypeKind::Struct(Struct { fields, additional: None, unknown_fields: None, flattened: Vec::new() })
    }

    fn constant(wire: &str) -> TypeKind {
        TypeKind::Const(Constant { variant: Variant { name: crate::naming::camel(wire), wire: wire.to_owned() }, other: None })
    }

    fn model(types: Vec<TypeDef>) -> Model {
        let module = Module { name: "m".into(), wire: "M".into(), root: 0, types: (0..types.len()).collect(), parent: None };
        Model { modules: vec![module], types, lenient: true, ..Model::default() }
    }

    fn named(id: TypeId) -> TypeRef {
        TypeRef::Named(id)
    }

    fn finished(types: Vec<TypeDef>, open_enums: bool) -> Model {
        let mut model = model(types);
        finish(&mut model, &Config { open_enums, ..Config::default() });
        model
    }

    #[test]
    fn aliases_that_contain_themselves_become_newtypes() {
        let model =
            finished(vec![def("List", TypeKind::Alias(TypeRef::Vec(Box::new(named(0))))), def("Name", TypeKind::Alias(TypeRef::String))], false);
        assert_eq!(model.types[0].kind, TypeKind::Newtype(TypeRef::Vec(Box::new(named(0)))));
        assert_eq!(model.types[1].kind, TypeKind::Alias(TypeRef::String), "an alias of something else stays an alias");
    }

    #[test]
    fn recursion_by_value_is_boxed_and_through_a_vec_is_not() {
        let model = finished(
            vec![
                def(
                    "Node",
                    object(vec![field("next", TypeRef::Option(Box::new(named(1))), false), field("all", TypeRef::Vec(Box::new(named(0))), true)]),
                ),
                def("Link", object(vec![field("node", named(0), true), field("label", TypeRef::String, true)])),
            ],
            false,
        );
        let TypeKind::Struct(node) = &model.types[0].kind else { panic!("a struct") };
        assert_eq!(node.fields[0].ty, TypeRef::Option(Box::new(TypeRef::Box(Box::new(named(1))))), "Node and Link hold each other");
        assert_eq!(node.fields[1].ty, TypeRef::Vec(Box::new(named(0))), "a Vec already allocates");
        let TypeKind::Struct(link) = &model.types[1].kind else { panic!("a struct") };
        assert_eq!(link.fields[0].ty, TypeRef::Box(Box::new(named(0))));
        assert_eq!(link.fields[1].ty, TypeRef::String);
    }

    /// A union on `type` of two events, each with a constant `type`, and a constant of another
    /// struct that no union dispatches on.
    fn events() -> Vec<TypeDef> {
        let variant = |name: &str, id| UnionVariant { name: name.to_owned(), docs: Docs::default(), payload: Payload::Value(named(id)) };
        let tagged = Tagged { keys: vec!["type".into()], arms: Vec::new(), fallback: Vec::new(), unknown: Some(2) };
        vec![
            def(
                "Event",
                TypeKind::Union(Union {
                    variants: vec![
                        variant("Start", 1),
                        variant("Stop", 3),
                        UnionVariant { name: "Unknown".into(), docs: Docs::default(), payload: Payload::Value(TypeRef::Any) },
                    ],
                    dispatch: Dispatch::Tagged(tagged),
                    default: None,
                }),
            ),
            def("Start", object(vec![field("type", named(2), true), field("source", named(5), true)])),
            def("StartType", constant("start")),
            def("Stop", object(vec![field("type", TypeRef::Option(Box::new(named(4))), true), field("at", named(6), true)])),
            def("StopType", constant("stop")),
            def("Source", object(vec![field("kind", named(7), true)])),
            def("Time", TypeKind::Union(Union { variants: Vec::new(), dispatch: Dispatch::Untagged, default: None })),
            def("SourceKind", constant("url")),
        ]
    }

    #[test]
    fn constants_no_union_dispatches_on_are_opened() {
        let model = finished(events(), true);
        let other = |id: TypeId| match &model.types[id].kind {
            TypeKind::Const(constant) => constant.other.clone(),
            kind => panic!("a constant: {kind:?}"),
        };
        assert_eq!(other(2), None, "a tag stays exact");
        assert_eq!(other(4), None, "a tag stays exact through an Option");
        assert_eq!(other(7).as_deref(), Some("Other"));
        let closed = finished(events(), false);
        assert!(matches!(&closed.types[7].kind, TypeKind::Const(constant) if constant.other.is_none()), "only with open enums");
    }

    #[test]
    fn defaults_are_the_least_fixpoint() {
        let model = finished(events(), true);
        let defaults: Vec<(&str, bool)> = model.types.iter().map(|def| (def.name.as_str(), def.default)).collect();
        assert_eq!(
            defaults,
            [
                ("Event", true),
                ("Start", true),
                ("StartType", true),
                ("Stop", false),
                ("StopType", true),
                ("Source", true),
                ("Time", false),
                ("SourceKind", true),
            ],
            "Stop requires a Time, a union with no variant to default to"
        );
        assert!(matches!(&model.types[0].kind, TypeKind::Union(union) if union.default == Some(2)), "a union's default is its Unknown");
        let cyclic = finished(vec![def("A", object(vec![field("b", named(1), true)])), def("B", object(vec![field("a", named(0), true)]))], true);
        assert!(cyclic.types.iter().all(|def| !def.default), "a Default that would call itself is never derived");
    }
}
