//! snake_case and UpperCamelCase of ASCII text, exactly as `heck` makes them, without going
//! through `heck`'s formatter: it writes each character through `fmt::Write` and Unicode's case
//! tables, about four thousand instructions a name, and the model stage makes thousands of
//! names (a fifth of the stage before its names were remembered, and still the names made once
//! per generation). Text that is not ASCII goes to `heck` itself. The test compares both on
//! every short text of a mixed alphabet and on every name of the pinned spec.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `heck`'s `to_snake_case`.
pub fn snake(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_snake_case();
    }
    let mut out = String::with_capacity(text.len() + 4);
    for_each_word(text, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.iter().map(|byte| char::from(byte.to_ascii_lowercase())));
    });
    out
}

/// `heck`'s `to_upper_camel_case`.
pub fn upper_camel(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_upper_camel_case();
    }
    let mut out = String::with_capacity(text.len());
    for_each_word(text, |word| {
        if let Some((first, rest)) = word.split_first() {
            out.push(char::from(first.to_ascii_uppercase()));
            out.extend(rest.iter().map(|byte| char::from(byte.to_ascii_lowercase())));
        }
    });
    out
}

/// Where a word's letters stand in a run of letters and digits, as far as its boundaries go.
#[derive(Clone, Copy, PartialEq)]
enum Run {
    /// Just after a boundary (or at the start).
    Fresh,
    Lower,
    Upper,
}

/// Calls `word` with each word of ASCII `text`, by `heck`'s rules: words are the runs of letters
/// and digits; within a run, a word ends after a lowercase letter (or the digits after one)
/// followed by an uppercase letter (`fooBar`), and before the last of several uppercase letters
/// followed by a lowercase one (`HTTPServer` → `HTTP`, `Server`). Digits keep the case of what
/// they follow.
fn for_each_word(text: &str, mut word: impl FnMut(&[u8])) {
    for run in text.as_bytes().split(|byte| !byte.is_ascii_alphanumeric()) {
        let mut start = 0;
        let mut state = Run::Fresh;
        for at in 0..run.len() {
            let (this, Some(&next)) = (run[at], run.get(at + 1)) else {
                word(&run[start..]);
                break;
            };
            let after = match this {
                b'a'..=b'z' => Run::Lower,
                b'A'..=b'Z' => Run::Upper,
                _ => state,
            };
            if after == Run::Lower && next.is_ascii_uppercase() {
                word(&run[start..=at]);
                start = at + 1;
                state = Run::Fresh;
            } else if state == Run::Upper && this.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&run[start..at]);
                start = at;
                state = Run::Fresh;
            } else {
                state = after;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_heck(text: &str) {
        assert_eq!(snake(text), text.to_snake_case(), "snake case of {text:?}");
        assert_eq!(upper_camel(text), text.to_upper_camel_case(), "upper camel case of {text:?}");
    }

    /// Every text of up to six characters from an alphabet with each kind of character that
    /// moves a boundary: lower and upper letters, a digit, separators.
    #[test]
    fn every_short_text_is_cased_as_heck_cases_it() {
        const ALPHABET: &[u8] = b"aB1_ .Z";
        let mut text = Vec::new();
        fn all(text: &mut Vec<u8>, left: usize) {
            same_as_heck(std::str::from_utf8(text).expect("ASCII"));
            if left == 0 {
                return;
            }
            for &byte in ALPHABET {
                text.push(byte);
                all(text, left - 1);
                text.pop();
            }
        }
        all(&mut text, 6);
    }

    #[test]
    fn names_are_cased_as_heck_cases_them() {
        for text in ["HTTPServer", "fooBar", "gpt-4o-2024-08-06", "a1B", "ABc", "X-Request-ID", "__init__", "", "1024x1024", "Café", "ÉtéÀ"] {
            same_as_heck(text);
        }
    }
}
