//! `oneOf` and `anyOf`: open string enums, unions that dispatch on a tag property (declared by a
//! `discriminator` or found in the variants' constant properties, compound when one tag value is
//! shared), and unions serde tries in order.

use super::build::{optional, Builder, Shape};
use super::place::{Place, SchemaRef};
use super::{Arm, Dispatch, Docs, Payload, Tagged, TypeId, TypeKind, TypeRef, Union, UnionVariant};
use crate::naming::{self, Scope};
use crate::resolve::graph::{Kind, Node, Schema};
use indexmap::IndexMap;

/// For each variant, the values each of its constant properties allows.
type Tags = Vec<IndexMap<String, Vec<String>>>;

impl<'a> Builder<'a> {
    pub(super) fn union(
        &mut self,
        schema: &'a Schema,
        members: &'a [Node],
        keyword: &str,
        place: &Place,
        slot: Option<TypeId>,
        docs: &Docs,
    ) -> Shape {
        match members {
            [] => return Shape::Inline(TypeRef::Any),
            [only] => return Shape::Wrapped(self.resolve(only.into(), &place.child(&format!("{keyword}/0"), None), slot)),
            _ => {}
        }
        if let Some((values, open)) = string_members(members) {
            if values.is_empty() {
                return Shape::Inline(TypeRef::String);
            }
            return self.string_enum(&values, open, place, slot, docs);
        }

        let mut tags: Tags = members.iter().map(|member| self.constant_properties(member.into())).collect();
        let id = self.reserve(place, slot, docs);
        let union_name = self.types[id].name.clone();
        // Variants that decide more, or require more, are tried first where a tag is shared.
        let strictness: Vec<(bool, usize)> = members.iter().map(|m| (self.is_union(m.into()), self.required_properties(m.into()).len())).collect();
        let mut plan = plan(&mut tags, members, schema, &strictness);
        // A variant whose tag is optional is also what an object without the tag is.
        if let Some(plan) = &mut plan {
            for (index, member) in members.iter().enumerate() {
                let has_tag = tags[index].contains_key(&plan.keys[0]);
                if has_tag && !plan.fallback.contains(&index) && !self.required_properties(member.into()).contains(&plan.keys[0]) {
                    plan.fallback.push(index);
                }
            }
        }

        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let tag = plan.as_ref().and_then(|plan| tags[index].get(&plan.keys[0])).and_then(|v| single(v));
            // A tag value that names this member alone is its name (`role: user` → `User`).
            let own_tag = tag.filter(|tag| {
                let key = plan.as_ref().map(|plan| &plan.keys[0]);
                let sharing = tags.iter().filter(|t| key.and_then(|key| t.get(key)).and_then(|v| single(v)) == Some(*tag)).count();
                sharing == 1
            });
            let name = match own_tag {
                Some(tag) => naming::camel(tag),
                None => self.variant_name(member.into(), &union_name, tag),
            };
            let name = scope.claim(name);
            let payload = match (&plan, constant(member)) {
                (None, Some(wire)) => Payload::Unit { wire: wire.to_owned() },
                _ => {
                    let member_place = place.child(&format!("{keyword}/{index}"), Some(&name));
                    Payload::Value(optional(self.resolve(member.into(), &member_place, None)))
                }
            };
            let docs = match member {
                Node::Item(schema) => self.docs.lines(schema.title.as_deref(), schema.description.as_deref()),
                Node::Ref(_) => Docs::default(),
            };
            variants.push((self.rank(member.into()), UnionVariant { name, docs, payload }));
        }

        let kind = match plan {
            Some(plan) => {
                let mut variants: Vec<UnionVariant> = variants.into_iter().map(|(_, v)| v).collect();
                let unknown = self.config.open_unions.then(|| {
                    // The first free of the readable names, else a numbered `Unknown` no member has.
                    let name = ["Unknown", "UnknownValue", "Other"].into_iter().find(|n| scope.try_claim(n)).map_or_else(|| scope.claim("Unknown".to_owned()), str::to_owned);
                    // Not only objects: `from_value` keeps whatever no variant reads (a number given
                    // where a tool choice goes, an object without the tag).
                    let docs = vec![format!("A value no variant reads, kept as sent: an object whose `{}` this version of the crate does not know, or JSON of another kind.", plan.keys[0])];
                    variants.push(UnionVariant { name, docs: docs.into(), payload: Payload::Value(TypeRef::Any) });
                    variants.len() - 1
                });
                TypeKind::Union(Union {
                    variants,
                    dispatch: Dispatch::Tagged(Tagged { keys: plan.keys, arms: plan.arms, fallback: plan.fallback, unknown }),
                    default: None,
                })
            }
            None => untagged(variants),
        };
        self.types[id].kind = kind;
        Shape::Defined(id)
    }

    /// A variant's name: the referenced type's name without the union's own name in front
    /// (`RealtimeConversationItemMessageSystem` in `RealtimeConversationItem` → `MessageSystem`),
    /// else the title, the tag value, or the kind of value.
    fn variant_name(&self, member: SchemaRef<'a>, union_name: &str, tag: Option<&str>) -> String {
        let schema = match member {
            SchemaRef::Ref(id) => return without_shared_words(&self.types[id].name, union_name),
            SchemaRef::Item(schema) => schema,
        };
        if let Some(title) = schema.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return naming::camel(title);
        }
        if let Some(tag) = tag {
            return naming::camel(tag);
        }
        match &schema.kind {
            Kind::String(enumeration) => match &enumeration[..] {
                [Some(value)] => naming::camel(value),
                [] => "String".to_owned(),
                _ => "Enum".to_owned(),
            },
            Kind::Integer { .. } => "Integer".to_owned(),
            Kind::Number => "Number".to_owned(),
            Kind::Boolean => "Boolean".to_owned(),
            Kind::Binary => "File".to_owned(),
            Kind::Array(_) => "Array".to_owned(),
            Kind::Object(_) => "Object".to_owned(),
            Kind::AllOf(all_of) if all_of.len() == 1 => self.variant_name((&all_of[0]).into(), union_name, None),
            _ => "Value".to_owned(),
        }
    }

    /// Serde tries untagged variants in order: the most particular shapes go first.
    fn rank(&self, member: SchemaRef<'a>) -> u8 {
        let Some(schema) = self.target(member) else { return 8 };
        match &schema.kind {
            Kind::String(enumeration) if !enumeration.is_empty() => 0,
            Kind::Boolean => 1,
            Kind::Integer { .. } => 2,
            Kind::Number => 3,
            Kind::Array(_) => 4,
            Kind::Object(object) if object.properties.is_empty() => 6,
            Kind::Object(_) | Kind::AllOf(_) | Kind::OneOf(_) | Kind::AnyOf(_) => 5,
            Kind::String(_) | Kind::Binary => 7,
            Kind::Not | Kind::Any => 8,
        }
    }
}

/// All members are inline strings: their enum values, and whether a plain string is allowed.
fn string_members(members: &[Node]) -> Option<(Vec<&str>, bool)> {
    let mut values = Vec::new();
    let mut open = false;
    for member in members {
        let Node::Item(schema) = member else { return None };
        let Kind::String(enumeration) = &schema.kind else { return None };
        if enumeration.is_empty() {
            open = true;
        }
        values.extend(enumeration.iter().flatten().map(String::as_str));
    }
    Some((values, open))
}

/// An inline member that allows exactly one string.
fn constant(member: &Node) -> Option<&str> {
    match member {
        Node::Item(schema) => match &schema.kind {
            Kind::String(enumeration) => match &enumeration[..] {
                [Some(value)] => Some(value),
                _ => None,
            },
            _ => None,
        },
        Node::Ref(_) => None,
    }
}

fn single(values: &[String]) -> Option<&str> {
    match values {
        [value] => Some(value),
        _ => None,
    }
}

/// A member's name without the words it shares with its union's
/// (`ChatCompletionRequestUserMessage` in `ChatCompletionRequestMessage` → `User`), through the
/// keyword guard (`FooSelf` in `Foo` → `Self_`); the whole name when every word is shared.
fn without_shared_words(member: &str, union_name: &str) -> String {
    let union_snake = crate::case::snake(union_name);
    let shared: Vec<&str> = union_snake.split('_').collect();
    let member_snake = crate::case::snake(member);
    let rest: Vec<&str> = member_snake.split('_').filter(|word| !shared.contains(word)).collect();
    if rest.is_empty() {
        naming::camel(member)
    } else {
        naming::camel(&rest.join("_"))
    }
}

/// Unit variants first (serde requires untagged variants last), then by rank, duplicates dropped.
fn untagged(variants: Vec<(u8, UnionVariant)>) -> TypeKind {
    let (mut units, mut values): (Vec<_>, Vec<_>) = variants.into_iter().partition(|(_, v)| matches!(v.payload, Payload::Unit { .. }));
    values.sort_by_key(|(rank, _)| *rank);
    let mut seen: Vec<TypeRef> = Vec::new();
    values.retain(|(_, variant)| match &variant.payload {
        Payload::Value(ty) if seen.contains(ty) => false,
        Payload::Value(ty) => {
            seen.push(ty.clone());
            true
        }
        Payload::Unit { .. } => true,
    });
    if units.is_empty() && values.len() == 1 {
        if let Some((_, UnionVariant { payload: Payload::Value(ty), .. })) = values.pop() {
            return TypeKind::Alias(ty);
        }
    }
    units.extend(values);
    TypeKind::Union(Union { variants: units.into_iter().map(|(_, v)| v).collect(), dispatch: Dispatch::Untagged, default: None })
}

#[derive(Debug)]
struct Plan {
    keys: Vec<String>,
    arms: Vec<Arm>,
    fallback: Vec<usize>,
}

/// How to tell the variants apart by their constant properties, if they can be.
fn plan(tags: &mut Tags, members: &[Node], schema: &Schema, strictness: &[(bool, usize)]) -> Option<Plan> {
    let key = match &schema.discriminator {
        Some(discriminator) => {
            for (value, target) in &discriminator.mapping {
                for (index, member) in members.iter().enumerate() {
                    if *member == Node::Ref(*target) {
                        let values = tags[index].entry(discriminator.property.clone()).or_default();
                        if !values.contains(value) {
                            values.push(value.clone());
                        }
                    }
                }
            }
            discriminator.property.clone()
        }
        None => tag_key(tags)?,
    };
    let mut groups: IndexMap<&str, Vec<usize>> = IndexMap::new();
    let mut fallback = Vec::new();
    for (index, member_tags) in tags.iter().enumerate() {
        match member_tags.get(&key) {
            Some(values) if !values.is_empty() => {
                for value in values {
                    groups.entry(value.as_str()).or_default().push(index);
                }
            }
            _ => fallback.push(index),
        }
    }
    if groups.len() < 2 && fallback.is_empty() && groups.values().all(|g| g.len() < 2) {
        return None;
    }

    let shared: Vec<&Vec<usize>> = groups.values().filter(|group| group.len() > 1).collect();
    let second = second_key(tags, &key, &shared);
    let mut arms = Vec::new();
    let mut simple: IndexMap<usize, Vec<String>> = IndexMap::new();
    for (value, group) in &groups {
        match (group.as_slice(), &second) {
            ([only], _) => simple.entry(*only).or_default().push((*value).to_owned()),
            (group, Some(second)) if distinct(tags, second, group) => {
                for &index in group {
                    arms.push(Arm { patterns: vec![Some(vec![(*value).to_owned()]), tags[index].get(second).cloned()], variants: vec![index] });
                }
            }
            (group, _) => {
                let mut variants = group.to_vec();
                variants.sort_by_key(|&i| std::cmp::Reverse(strictness[i]));
                arms.push(Arm { patterns: vec![Some(vec![(*value).to_owned()]), None], variants });
            }
        }
    }
    arms.extend(simple.into_iter().map(|(index, values)| Arm { patterns: vec![Some(values), None], variants: vec![index] }));
    let keys = match second {
        Some(second) => vec![key, second],
        None => {
            arms.iter_mut().for_each(|arm| arm.patterns.truncate(1));
            vec![key]
        }
    };
    Some(Plan { keys, arms, fallback })
}

/// The property most variants fix to one value (`type` on a tie); at least two must.
fn tag_key(tags: &Tags) -> Option<String> {
    let mut counts: IndexMap<&str, usize> = IndexMap::new();
    for member_tags in tags {
        for (property, values) in member_tags {
            if values.len() == 1 {
                *counts.entry(property).or_default() += 1;
            }
        }
    }
    let best = counts.values().copied().max().filter(|&count| count >= 2)?;
    let key = if counts.get("type") == Some(&best) { "type" } else { counts.iter().find(|(_, &count)| count == best).map(|(key, _)| *key)? };
    Some(key.to_owned())
}

/// A second property that tells apart the variants sharing a tag value (`role` among messages).
fn second_key(tags: &Tags, key: &str, shared: &[&Vec<usize>]) -> Option<String> {
    let first = shared.first()?;
    let mut candidates: Vec<&String> = tags[first[0]].keys().filter(|k| k.as_str() != key).collect();
    candidates.sort_by_key(|k| k.as_str() != "role");
    candidates.into_iter().find(|candidate| shared.iter().any(|group| distinct(tags, candidate, group))).cloned()
}

/// Every variant of the group fixes `property`, to values no other variant of the group allows.
fn distinct(tags: &Tags, property: &str, group: &[usize]) -> bool {
    let mut seen: Vec<&String> = Vec::new();
    for &index in group {
        let Some(values) = tags[index].get(property).filter(|v| !v.is_empty()) else { return false };
        if values.iter().any(|v| seen.contains(&v)) {
            return false;
        }
        seen.extend(values);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::graph::{Discriminator, Object};

    /// The constant properties of one variant (`[("type", ["message"])]`).
    fn tags_of(properties: &[(&str, &[&str])]) -> IndexMap<String, Vec<String>> {
        properties.iter().map(|(key, values)| ((*key).to_owned(), values.iter().map(|v| (*v).to_owned()).collect())).collect()
    }

    fn union_schema(discriminator: Option<Discriminator>) -> Schema {
        Schema { discriminator, ..Schema::of(Kind::OneOf(Vec::new())) }
    }

    fn inline() -> Node {
        Node::Item(Box::new(Schema::of(Kind::Object(Object { properties: Vec::new(), required: Vec::new(), additional: None }))))
    }

    fn planned(tags: &mut Tags, members: &[Node], schema: &Schema) -> Plan {
        let strictness = vec![(false, 0); members.len()];
        plan(tags, members, schema, &strictness).expect("a plan")
    }

    #[test]
    fn the_tag_is_what_most_variants_fix_and_type_wins_a_tie() {
        let tags = vec![tags_of(&[("kind", &["a"]), ("type", &["x"])]), tags_of(&[("kind", &["b"]), ("type", &["y"])])];
        assert_eq!(tag_key(&tags).as_deref(), Some("type"));
        let tags = vec![tags_of(&[("kind", &["a"]), ("type", &["x"])]), tags_of(&[("kind", &["b"])])];
        assert_eq!(tag_key(&tags).as_deref(), Some("kind"));
        let tags = vec![tags_of(&[("kind", &["a"])]), tags_of(&[])];
        assert_eq!(tag_key(&tags), None, "one variant with a constant is no tag");
        let tags = vec![tags_of(&[("kind", &["a", "b"])]), tags_of(&[("kind", &["c", "d"])])];
        assert_eq!(tag_key(&tags), None, "properties that allow several values are not counted");
    }

    #[test]
    fn one_value_per_variant_is_a_simple_dispatch() {
        let mut tags = vec![tags_of(&[("type", &["a"])]), tags_of(&[("type", &["b"])]), tags_of(&[("type", &["c", "d"])]), tags_of(&[])];
        let members = [inline(), inline(), inline(), inline()];
        let plan = planned(&mut tags, &members, &union_schema(None));
        assert_eq!(plan.keys, ["type"]);
        assert_eq!(
            plan.arms,
            [
                Arm { patterns: vec![Some(vec!["a".into()])], variants: vec![0] },
                Arm { patterns: vec![Some(vec!["b".into()])], variants: vec![1] },
                Arm { patterns: vec![Some(vec!["c".into(), "d".into()])], variants: vec![2] },
            ]
        );
        assert_eq!(plan.fallback, [3], "a variant without the tag is tried when no arm matches");
    }

    #[test]
    fn a_shared_tag_value_is_told_apart_by_a_second_key() {
        let mut tags = vec![
            tags_of(&[("type", &["message"]), ("role", &["user"])]),
            tags_of(&[("type", &["message"]), ("role", &["assistant"])]),
            tags_of(&[("type", &["function_call"])]),
        ];
        let members = [inline(), inline(), inline()];
        let plan = planned(&mut tags, &members, &union_schema(None));
        assert_eq!(plan.keys, ["type", "role"]);
        assert_eq!(
            plan.arms,
            [
                Arm { patterns: vec![Some(vec!["message".into()]), Some(vec!["user".into()])], variants: vec![0] },
                Arm { patterns: vec![Some(vec!["message".into()]), Some(vec!["assistant".into()])], variants: vec![1] },
                Arm { patterns: vec![Some(vec!["function_call".into()]), None], variants: vec![2] },
            ]
        );
    }

    #[test]
    fn variants_sharing_a_tag_are_tried_strictest_first() {
        let mut tags = vec![tags_of(&[("type", &["event"])]), tags_of(&[("type", &["event"])]), tags_of(&[("type", &["other"])])];
        let members = [inline(), inline(), inline()];
        let strictness = [(false, 1), (false, 3), (false, 0)];
        let plan = plan(&mut tags, &members, &union_schema(None), &strictness).expect("a plan");
        assert_eq!(plan.keys, ["type"]);
        assert_eq!(plan.arms[0], Arm { patterns: vec![Some(vec!["event".into()])], variants: vec![1, 0] }, "more required properties first");
    }

    #[test]
    fn a_mapping_gives_referenced_variants_their_values() {
        let mut tags = vec![tags_of(&[]), tags_of(&[])];
        let members = [Node::Ref(7), Node::Ref(8)];
        let mapping = vec![("dog".to_owned(), 7), ("hound".to_owned(), 7), ("cat".to_owned(), 8)];
        let plan = planned(&mut tags, &members, &union_schema(Some(Discriminator { property: "kind".into(), mapping })));
        assert_eq!(plan.keys, ["kind"]);
        assert_eq!(
            plan.arms,
            [
                Arm { patterns: vec![Some(vec!["dog".into(), "hound".into()])], variants: vec![0] },
                Arm { patterns: vec![Some(vec!["cat".into()])], variants: vec![1] },
            ]
        );
    }

    #[test]
    fn one_group_and_nothing_else_is_no_dispatch() {
        let mut tags = vec![tags_of(&[("type", &["a"])])];
        let members = [inline()];
        assert!(
            plan(&mut tags, &members, &union_schema(Some(Discriminator { property: "type".into(), mapping: Vec::new() })), &[(false, 0)]).is_none()
        );
    }

    #[test]
    fn member_names_drop_the_union_words() {
        assert_eq!(without_shared_words("ChatCompletionRequestUserMessage", "ChatCompletionRequestMessage"), "User");
        assert_eq!(without_shared_words("RealtimeConversationItemMessageSystem", "RealtimeConversationItem"), "MessageSystem");
        assert_eq!(without_shared_words("Item", "Item"), "Item", "every word shared: the whole name");
        assert_eq!(without_shared_words("FooSelf", "Foo"), "Self_");
    }
}
