//! Components that only name another component, along a chain that comes back to itself and
//! never reaches a schema: `A: {$ref: A}`, `A: {allOf: [{$ref: A}]}`, `A: {$ref: A, description: x}`
//! (3.1, loaded as the `allOf`), `A: {anyOf: [{$ref: B}, {type: 'null'}]}` with `B: {$ref: A}`.
//! No type can be generated for them; every other cycle goes through a property, an array or a
//! union of several members, and the model stage boxes it.

use super::graph::{Graph, Kind, Node, SchemaId};
use crate::error::Diagnostic;

/// An error on each component of such a cycle, naming the cycle from it.
pub fn alias_cycles(graph: &Graph) -> Vec<Diagnostic> {
    let components = &graph.components;
    // Each component names at most one other: follow every chain once (linear in the count).
    let next: Vec<Option<SchemaId>> = components.iter().map(|c| alias_of(&c.schema, 0)).collect();
    let (unseen, on_path, done) = (0u8, 1u8, 2u8);
    let mut state = vec![unseen; components.len()];
    let mut cycles: Vec<Option<String>> = vec![None; components.len()];
    for start in 0..components.len() {
        let mut path = Vec::new();
        let mut node = Some(start);
        while let Some(current) = node.filter(|&n| state[n] != done) {
            if state[current] == on_path {
                let from = path.iter().position(|&n| n == current).unwrap_or_default();
                let cycle = &path[from..];
                for (k, &member) in cycle.iter().enumerate() {
                    let names: Vec<&str> =
                        cycle[k..].iter().chain(&cycle[..k]).chain([&member]).map(|&n: &usize| components[n].name.as_str()).collect();
                    cycles[member] = Some(format!("`$ref` cycle that never reaches a schema: {}", names.join(" -> ")));
                }
                break;
            }
            state[current] = on_path;
            path.push(current);
            node = next[current];
        }
        for n in path {
            state[n] = done;
        }
    }
    components.iter().zip(cycles).filter_map(|(component, message)| Some(Diagnostic::new(component.pointer.clone(), message?))).collect()
}

/// The component a schema is only another name for: a `$ref`, or an `allOf`/`anyOf`/`oneOf`
/// whose one member (beside members that only document it, in an `allOf`) is such a schema.
/// The model stage reads these as the schema they wrap.
fn alias_of(node: &Node, depth: usize) -> Option<SchemaId> {
    let schema = match node {
        Node::Ref(id) => return Some(*id),
        Node::Item(schema) => schema,
    };
    let only = match &schema.kind {
        Kind::AnyOf(list) | Kind::OneOf(list) if list.len() == 1 => &list[0],
        Kind::AllOf(list) => {
            let blank = |member: &Node| matches!(member, Node::Item(schema) if schema.kind == Kind::Any);
            let mut meaningful = list.iter().filter(|member| list.len() == 1 || !blank(member));
            match (meaningful.next(), meaningful.next()) {
                (Some(only), None) => only,
                _ => return None,
            }
        }
        _ => return None,
    };
    // Wrappers inside wrappers are bounded by the nesting limit; this keeps the walk short.
    if depth >= crate::load::MAX_DEPTH {
        return None;
    }
    alias_of(only, depth + 1)
}
