//! Template values and their hashes. A [`Shared`] value (a card, a term, a
//! taxonomy) is built once per build and handed to every page that shows
//! it; Tera 2 keeps it reference-counted, so a page's context holds a
//! pointer, not a copy. Each carries the hash of the typed view it was made
//! from, so what a page depends on is the hash of what its template receives
//! ([`fingerprint`]), never a list of fields kept beside the views.

use std::hash::{Hash, Hasher};

use serde::{Serialize, Serializer};

/// A template value built once, with the hash of the view it came from.
#[derive(Clone)]
pub struct Shared {
    value: tera::Value,
    hash: u64,
}

impl Shared {
    /// The value of `view`; its hash is `view`'s (every field it has).
    pub fn new<T: Serialize + Hash>(view: &T) -> Shared {
        Shared { value: tera::Value::from_serializable(view), hash: hash_of(view) }
    }

    /// A value whose hash is given: for a value derived from a view whose
    /// hash is already known (a card with its rendered HTML).
    pub fn with_hash<T: Serialize>(view: &T, hash: u64) -> Shared {
        Shared { value: tera::Value::from_serializable(view), hash }
    }

    /// A value made already, with the hash of the view it was made from.
    pub fn from_value(value: tera::Value, hash: u64) -> Shared {
        Shared { value, hash }
    }
}

impl Hash for Shared {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl Serialize for Shared {
    /// Into a Tera context the value passes by reference (Tera recognises
    /// its own values); anywhere else it serialises as its content.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shared({:016x})", self.hash)
    }
}

/// HTML made by leidraad (rendered Markdown, a rendered card), marked safe
/// for Tera from Rust, so templates print it without `| safe` and without
/// a copy per use.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq)]
pub struct Html<'a>(pub &'a str);

impl Serialize for Html<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        tera::Value::safe_string(self.0).serialize(serializer)
    }
}

/// [`Html`] whose hash is known: an article body, hashed once when it was
/// rendered (a hash of the same text, so equal bodies hash equal), so that
/// a page's fingerprint does not read every byte of it again.
#[derive(Debug, Clone, Copy)]
pub struct HashedHtml<'a> {
    pub html: &'a str,
    /// `xxh3_64` of `html`.
    pub hash: u64,
}

impl Hash for HashedHtml<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl Serialize for HashedHtml<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Html(self.html).serialize(serializer)
    }
}

/// [`Html`] that owns its text.
#[derive(Debug, Clone, Hash, PartialEq, Eq, Default)]
pub struct OwnedHtml(pub String);

impl Serialize for OwnedHtml {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Html(&self.0).serialize(serializer)
    }
}

/// A free map from front matter or site.yaml (`extra`): hashed by its JSON
/// text, since JSON values have no `Hash`.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Extra<'a>(pub &'a serde_json::Value);

impl Hash for Extra<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.to_string().hash(state);
    }
}

/// The 64-bit xxh3 hash of a value's `Hash`.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    value.hash(&mut h);
    h.finish()
}

/// A page's fingerprint: its template, the hash of the globals every page
/// sees (site, UI strings, the theme's templates) and its own values. Equal
/// fingerprints, equal bytes.
pub fn fingerprint<T: Hash + ?Sized>(template: &str, globals: u64, own: &T) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    template.hash(&mut h);
    globals.hash(&mut h);
    own.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Hash)]
    struct Card<'a> {
        title: &'a str,
        body: Html<'a>,
    }

    #[test]
    fn a_shared_value_passes_into_a_context_and_renders_safe_html() {
        let card = Shared::new(&Card { title: "A & B", body: Html("<b>x</b>") });
        #[derive(Serialize)]
        struct Page<'a> {
            cards: &'a [Shared],
        }
        let ctx = tera::Context::from_serialize(&Page { cards: &[card.clone(), card] }).unwrap();
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.html", "{% for c in cards %}{{ c.title }}{{ c.body }}{% endfor %}").unwrap();
        assert_eq!(tera.render("t.html", &ctx).unwrap(), "A &amp; B<b>x</b>A &amp; B<b>x</b>");
    }

    #[test]
    fn every_field_is_in_the_hash() {
        let a = hash_of(&Card { title: "t", body: Html("x") });
        assert_ne!(a, hash_of(&Card { title: "t", body: Html("y") }));
        assert_ne!(a, hash_of(&Card { title: "u", body: Html("x") }));
        assert_eq!(a, hash_of(&Card { title: "t", body: Html("x") }));
    }
}
