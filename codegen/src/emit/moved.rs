//! Token streams `quote!` moves into the stream it builds rather than copying them.
//!
//! `quote!` interpolates a `TokenStream` by cloning it, and proc-macro2 then copies every token
//! of a stream whose handle is shared (each name and literal allocated again): an item's tokens
//! were copied once for every level of the items that hold it, and the copies freed after.
//! Wrapped in [`Moved`], a stream is taken, not copied, the one time it is interpolated.

use proc_macro2::TokenStream;
use quote::ToTokens;
use std::cell::Cell;

/// A stream for one interpolation (`#moved`, or each of `#(#moved)*`): it is empty after it.
pub struct Moved(Cell<Option<TokenStream>>);

pub fn moved(tokens: TokenStream) -> Moved {
    Moved(Cell::new(Some(tokens)))
}

impl ToTokens for Moved {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        if let Some(stream) = self.0.take() {
            tokens.extend(stream);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_moved_stream_reads_as_the_stream() {
        let items = [
            quote!(
                struct A;
            ),
            quote!(
                struct B {
                    b: u8,
                }
            ),
        ];
        let each: Vec<Moved> = items.iter().cloned().map(moved).collect();
        let one = moved(quote!(
            const C: u8 = 1;
        ));
        assert_eq!(quote!(#(#each)* #one).to_string(), quote!(#(#items)* const C: u8 = 1;).to_string());
    }
}
