//! Where spec names become Rust identifiers, and where names are kept unique: every identifier
//! the generator writes is made by [`snake`] or [`camel`] here, or joined from words these made,
//! and told apart from the others of its scope by a [`Scope`]. The names the generator gives
//! schemas it makes components of are kept apart from the spec's own by [`ComponentNames`].
//! Other modules only choose the words and the order of the alternatives: a body's type from its
//! `operationId` (`bodies`), a webhook body's from its webhook (`load::webhooks`), an imported
//! schema's from its pointer and file (`load::files`), a nested type from the path to it and an
//! open enum's catch-all variant (`ir`).
//!
//! Every name keeps the wire name beside the Rust name, so the emitter adds `#[serde(rename)]`
//! exactly when they differ. Keywords become raw identifiers (`r#type`); the four keywords that
//! cannot be raw (`self`, `Self`, `super`, `crate`) get a `_` suffix; names that start with a
//! digit get a prefix; names with no letters or digits at all get a readable placeholder.

use crate::case;
use foldhash::{HashMap, HashMapExt, HashSet};
use std::cell::RefCell;
use std::thread::LocalKey;

/// Words Rust reserves, in every edition this crate's output may be compiled with.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A snake_case identifier for a field or module, as Rust source text (`r#type`, `self_`).
pub fn snake(wire: &str) -> String {
    remembered(&SNAKE, wire, made_snake)
}

fn made_snake(wire: &str) -> String {
    let words = case::snake(&ascii(wire));
    let name = if words.is_empty() { case::snake(&placeholder(wire, "field")) } else { words };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name };
    guard_keyword(name)
}

/// An UpperCamelCase identifier for a type or variant (`1024x1024` → `V1024x1024`).
pub fn camel(wire: &str) -> String {
    remembered(&CAMEL, wire, made_camel)
}

fn made_camel(wire: &str) -> String {
    let words = case::upper_camel(&ascii(wire));
    let name = if words.is_empty() { placeholder(wire, if wire.is_empty() { "Empty" } else { "Value" }) } else { words };
    // A sign is the one symbol that changes what a number means: `-1` and `1` must not read alike.
    let name = match wire.chars().next() {
        Some('-') if name.starts_with(|c: char| c.is_ascii_digit()) => format!("Minus{name}"),
        Some('+') if name.starts_with(|c: char| c.is_ascii_digit()) => format!("Plus{name}"),
        _ => name,
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("V{name}") } else { name };
    guard_keyword(name)
}

thread_local! {
    /// The names [`snake`] and [`camel`] made on this thread, by wire name. The model stage asks
    /// for the same few thousand (`type`, `id`, `object`, ...) tens of thousands of times: made
    /// each time, even with `case`'s ASCII shortcut, they were 4% of a generation.
    static SNAKE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    static CAMEL: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// How many names each map keeps at most (the OpenAI spec's are a few thousand).
const REMEMBERED: usize = 1 << 16;

fn remembered(names: &'static LocalKey<RefCell<HashMap<String, String>>>, wire: &str, make: fn(&str) -> String) -> String {
    names.with(|names| {
        if let Some(name) = names.borrow().get(wire) {
            return name.clone();
        }
        let name = make(wire);
        let mut names = names.borrow_mut();
        // A process that generates crate after crate (a fuzzer) keeps a bounded memory.
        if names.len() >= REMEMBERED {
            names.clear();
        }
        names.insert(wire.to_owned(), name.clone());
        name
    })
}

/// Latin letters with diacritics (U+00C0 to U+017F) as ASCII letters, `_` where there is none.
const LATIN: &str = "A A A A A A AE C E E E E I I I I D N O O O O O _ O U U U U Y TH ss \
                     a a a a a a ae c e e e e i i i i d n o o o o o _ o u u u u y th y \
                     A a A a A a C c C c C c C c D d D d E e E e E e E e E e G g G g G g G g \
                     H h H h I i I i I i I i I i IJ ij J j K k k L l L l L l L l L l \
                     N n N n N n n N n O o O o O o OE oe R r R r R r S s S s S s S s \
                     T t T t T t U u U u U u U u U u U u W w Y y Y Z z Z z Z z s";

/// The text with every character an identifier may not hold in every lint setting made ASCII:
/// Latin letters lose their diacritics (`Café` → `Cafe`, `Größe` → `Grosse`); other scripts,
/// emoji and symbols become word breaks. Rust allows non-ASCII identifiers, but not as module
/// file names, and its confusable-script lints would warn on them.
fn ascii(wire: &str) -> String {
    let mut text = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii() {
            text.push(c);
            continue;
        }
        let index = (c as usize).checked_sub(0xC0);
        match index.and_then(|i| LATIN.split_whitespace().nth(i)) {
            Some(letters) if letters != "_" => text.push_str(letters),
            _ => text.push(' '),
        }
    }
    text
}

/// A name for a text with no letters or digits (`""`, `"+"`, `"-"`), from its symbols.
fn placeholder(wire: &str, empty: &str) -> String {
    let spelled: Vec<&str> = wire
        .chars()
        .filter_map(|c| match c {
            '+' => Some("Plus"),
            '-' => Some("Minus"),
            '*' => Some("Star"),
            '/' => Some("Slash"),
            '.' => Some("Dot"),
            '<' => Some("Lt"),
            '>' => Some("Gt"),
            '=' => Some("Eq"),
            '!' => Some("Not"),
            '@' => Some("At"),
            '$' => Some("Dollar"),
            '%' => Some("Percent"),
            '&' => Some("And"),
            '|' => Some("Or"),
            '~' => Some("Tilde"),
            '?' => Some("Question"),
            '_' => Some("Underscore"),
            _ => None,
        })
        .collect();
    if spelled.is_empty() {
        empty.to_owned()
    } else {
        spelled.concat()
    }
}

fn guard_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The singular of an English plural, for the element type of an array property
/// (`output_modalities` → `output_modality`); `None` when the word does not look plural.
pub fn singular(word: &str) -> Option<String> {
    if let Some(stem) = word.strip_suffix("ies") {
        return (!stem.is_empty()).then(|| format!("{stem}y"));
    }
    for suffix in ["sses", "shes", "ches", "xes", "uses"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return Some(format!("{stem}{}", &suffix[..suffix.len() - 2]));
        }
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return None;
    }
    word.strip_suffix('s').filter(|stem| stem.len() > 1).map(str::to_owned)
}

/// Hands out names unique within one scope (a module's types, a struct's fields, an enum's
/// variants). A name that is taken gets the first free numbered form; callers try more
/// meaningful alternatives first with [`Scope::try_claim`].
#[derive(Default, Debug, Clone)]
pub struct Scope {
    /// The names taken while they are few (most scopes are a struct's fields): compared one by
    /// one, which costs less than hashing each name and growing a table.
    few: Vec<String>,
    /// Every name taken, once there are more than [`FEW`].
    many: HashSet<String>,
}

/// How many names a [`Scope`] compares one by one.
const FEW: usize = 16;

impl Scope {
    /// Claims `name` if it is free.
    pub fn try_claim(&mut self, name: &str) -> bool {
        if self.contains(name) {
            return false;
        }
        self.take(name.to_owned());
        true
    }

    /// Claims `name`, or `name2`, `name3`, ... (`name_2` for snake case names).
    pub fn claim(&mut self, name: String) -> String {
        if !self.contains(&name) {
            self.take(name.clone());
            return name;
        }
        let base = name.strip_prefix("r#").unwrap_or(&name).trim_end_matches('_').to_owned();
        // `Gpt4` taken: `Gpt4_2`, not `Gpt42`, which reads as another number.
        let separator =
            if base.starts_with(|c: char| c.is_lowercase() || c == '_') || base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..).map(|n| format!("{base}{separator}{n}")).find(|candidate| self.try_claim(candidate)).unwrap_or(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        match self.many.is_empty() {
            true => self.few.iter().any(|taken| taken == name),
            false => self.many.contains(name),
        }
    }

    fn take(&mut self, name: String) {
        if !self.many.is_empty() {
            self.many.insert(name);
        } else if self.few.len() < FEW {
            if self.few.capacity() == 0 {
                // Room for them all at once: grown one by one, a struct's names moved twice.
                self.few.reserve_exact(FEW);
            }
            self.few.push(name);
        } else {
            self.many = std::mem::take(&mut self.few).into_iter().chain([name]).collect();
        }
    }
}

/// The component names of a spec, and the ones the generator adds to them (schemas imported from
/// other files, webhook bodies, operation bodies): an added name is free among all of them,
/// compared regardless of letter case (names that differ only in case make one Rust name).
#[derive(Default, Debug, Clone)]
pub struct ComponentNames {
    taken: HashSet<String>,
}

impl ComponentNames {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        ComponentNames { taken: names.into_iter().map(str::to_lowercase).collect() }
    }

    /// The first of `preferred` that is free, else `numbered` followed by the first free number
    /// from 2 (`Pet2`).
    pub fn claim(&mut self, preferred: &[String], numbered: &str) -> String {
        let numbers = (2..).map(|n| format!("{numbered}{n}"));
        let name = preferred.iter().cloned().chain(numbers).find(|name| !self.taken.contains(&name.to_lowercase())).unwrap_or_default();
        self.taken.insert(name.to_lowercase());
        name
    }
}

/// The name of an open enum's catch-all variant: the first free of the readable names, else a
/// numbered `Other` no value has taken.
pub fn fallback_name(scope: &mut Scope) -> String {
    ["Other", "Unknown", "OtherValue"].into_iter().find(|n| scope.try_claim(n)).map_or_else(|| scope.claim("Other".to_owned()), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_name_is_the_name_made() {
        for wire in ["type", "output_text", "1024x1024", "-1", "", "self", "Übersicht", "type"] {
            assert_eq!(snake(wire), made_snake(wire), "{wire}");
            assert_eq!(camel(wire), made_camel(wire), "{wire}");
        }
        // The two cases are remembered apart.
        assert_eq!((snake("Output Text"), camel("Output Text")), ("output_text".to_owned(), "OutputText".to_owned()));
    }

    #[test]
    fn field_names() {
        let cases = [
            ("type", "r#type"),
            ("static", "r#static"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("hate/threatening", "hate_threatening"),
            ("self-harm/intent", "self_harm_intent"),
            ("api_key.created", "api_key_created"),
            ("fooBar", "foo_bar"),
            ("1024x1024", "_1024x1024"),
            ("", "field"),
            ("naïve", "naive"),
            ("straße", "strasse"),
            ("名前", "field"),
            ("emoji😀", "emoji"),
            ("Δt", "t"),
            ("_", "underscore"),
            ("__", "underscore_underscore"),
            ("+", "plus"),
            ("$ref", "r#ref"),
            ("gen", "r#gen"),
        ];
        for (wire, rust) in cases {
            assert_eq!(snake(wire), rust, "snake({wire:?})");
        }
    }

    #[test]
    fn type_and_variant_names() {
        let cases = [
            ("RealtimeMCPToolCall", "RealtimeMcpToolCall"),
            ("MessagePhase-2", "MessagePhase2"),
            ("Beta_AgentTagParam", "BetaAgentTagParam"),
            ("1024x1024", "V1024x1024"),
            ("gpt-4.1", "Gpt41"),
            ("audio/pcm", "AudioPcm"),
            ("realtime.response", "RealtimeResponse"),
            ("self", "Self_"),
            ("", "Empty"),
            ("Café", "Cafe"),
            ("Größe", "Grosse"),
            ("Łódź", "Lodz"),
            ("œuvre", "Oeuvre"),
            ("😀", "Value"),
            ("日本", "Value"),
            ("-", "Minus"),
            ("-1", "Minus1"),
            ("+1", "Plus1"),
            ("-x", "X"),
            ("_", "Underscore"),
            ("1d", "V1d"),
            ("step_details.tool_calls[*].file_search.results[*].content", "StepDetailsToolCallsFileSearchResultsContent"),
        ];
        for (wire, rust) in cases {
            assert_eq!(camel(wire), rust, "camel({wire:?})");
        }
    }

    #[test]
    fn latin_table_covers_its_range() {
        assert_eq!(LATIN.split_whitespace().count(), 0x180 - 0xC0);
        assert_eq!(ascii("ÀÿĀſ×"), "AyAs ");
    }

    #[test]
    fn singulars() {
        let cases = [
            ("output_modalities", Some("output_modality")),
            ("tools", Some("tool")),
            ("statuses", Some("status")),
            ("addresses", Some("address")),
            ("matches", Some("match")),
            ("data", None),
            ("s", None),
            ("boxes", Some("box")),
        ];
        for (plural, expected) in cases {
            assert_eq!(singular(plural).as_deref(), expected, "singular({plural:?})");
        }
    }

    #[test]
    fn scopes_never_hand_out_a_name_twice() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Auto".into()), "Auto");
        assert_eq!(scope.claim("Auto".into()), "Auto2");
        assert_eq!(scope.claim("Auto".into()), "Auto3");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("r#type".into()), "type_2");
        assert_eq!(scope.claim("self_".into()), "self_");
        assert_eq!(scope.claim("self_".into()), "self_2");
        assert_eq!(scope.claim("Gpt4".into()), "Gpt4");
        assert_eq!(scope.claim("Gpt4".into()), "Gpt4_2");
    }

    /// A scope compares its first names one by one and hashes them past that: the same names
    /// are free or taken either way.
    #[test]
    fn scopes_of_many_names_hand_out_each_once() {
        let mut scope = Scope::default();
        for round in 0..3 {
            for n in 0..(FEW * 2) {
                let name = scope.claim(format!("n{n}x"));
                assert_eq!(name, if round == 0 { format!("n{n}x") } else { format!("n{n}x_{}", round + 1) });
            }
        }
        assert!(scope.contains("n0x") && scope.contains(&format!("n{}x_3", FEW * 2 - 1)) && !scope.contains("n0x_4"));
        assert!(!scope.try_claim("n5x") && scope.try_claim("other"));
    }

    #[test]
    fn component_names_prefer_the_alternatives_then_number() {
        let mut names = ComponentNames::new(["Pet", "order"]);
        assert_eq!(names.claim(&["Cat".into()], "Cat"), "Cat");
        assert_eq!(names.claim(&["Cat".into()], "Cat"), "Cat2", "a name is handed out once");
        assert_eq!(names.claim(&["pet".into(), "pets_Pet".into()], "pet"), "pets_Pet", "letter case does not tell names apart");
        assert_eq!(names.claim(&["Order".into(), "OrderJson".into()], "OrderJson"), "OrderJson");
        assert_eq!(names.claim(&["Order".into(), "OrderJson".into()], "OrderJson"), "OrderJson2");
        assert_eq!(names.claim(&[], "Pet"), "Pet2");
    }
}
