//! Whole-model passes after building: box what recursion requires, turn self-referring aliases
//! into newtypes, and decide which types can derive `Default`.

use super::{Model, Payload, TypeId, TypeKind, TypeRef};

pub fn finish(model: &mut Model) {
    newtype_recursive_aliases(model);
    box_recursion(model);
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

/// The greatest fixpoint of "every field has a default".
fn derive_defaults(model: &mut Model) {
    for def in &mut model.types {
        def.default = match &def.kind {
            TypeKind::Struct(_) | TypeKind::Const(_) | TypeKind::Alias(_) | TypeKind::Newtype(_) => true,
            TypeKind::Integers(integers) => integers.is_constant(),
            _ => false,
        };
    }
    loop {
        let mut changed = false;
        for id in 0..model.types.len() {
            if !model.types[id].default {
                continue;
            }
            let has = |ty: &TypeRef| defaults(model, ty);
            let ok = match &model.types[id].kind {
                TypeKind::Struct(object) => {
                    object.fields.iter().all(|f| f.optional() || has(&f.ty)) && object.flattened.iter().all(|(_, ty)| has(ty))
                }
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => has(ty),
                _ => true,
            };
            if !ok {
                model.types[id].default = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn defaults(model: &Model, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => model.types[*id].default,
        TypeRef::Box(inner) => defaults(model, inner),
        _ => true,
    }
}
