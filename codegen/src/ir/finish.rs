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
    let mut out = Vec::new();
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
                constant.other = Some(super::build::fallback_name(&mut scope));
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
