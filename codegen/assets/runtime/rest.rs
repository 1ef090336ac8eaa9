//! A struct merged with a union (`allOf` of a union and an object: any Responses stream event
//! and the `stream_id` of the WebSocket lane it came on). The struct's own keys are read as they
//! come; every other key streams on to the union as the entries of an object of their own,
//! where serde's `flatten` buffered the whole object before it read either.

use super::fields::KeySeed;
use super::tagged::str_deserializer;
use serde::de::{DeserializeSeed, MapAccess};

/// The object for the union: the entries of `map` that `claim` does not take. `claim` is given
/// each key, and reads the value when the key is one of the struct's own (`true`).
#[inline]
pub fn rest<'de, A, C>(map: A, claim: C) -> serde::de::value::MapAccessDeserializer<Rest<A, C>>
where
    A: MapAccess<'de>,
    C: FnMut(&str, &mut A) -> Result<bool, A::Error>,
{
    serde::de::value::MapAccessDeserializer::new(Rest { map, claim })
}

pub struct Rest<A, C> {
    map: A,
    claim: C,
}

impl<'de, A, C> MapAccess<'de> for Rest<A, C>
where
    A: MapAccess<'de>,
    C: FnMut(&str, &mut A) -> Result<bool, A::Error>,
{
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        while let Some(key) = self.map.next_key_seed(KeySeed::<C>::new())? {
            if !(self.claim)(&key, &mut self.map)? {
                return seed.deserialize(str_deserializer::<A::Error>(key)).map(Some);
            }
        }
        Ok(None)
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}
