//! The JSON Resume schema (1.3.1, which accepts every 1.0.0 document) as
//! serde types. Every object keeps the fields the schema does not name in
//! `extra`, so that nothing in a file is dropped on the way in.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Unknown fields of an object, in file order.
pub type Extra = Map<String, Value>;

/// A whole résumé.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[allow(missing_docs, reason = "fields are the schema's")]
pub struct Resume {
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    pub basics: Option<Basics>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub work: Vec<Work>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volunteer: Vec<Volunteer>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub education: Vec<Education>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<Award>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub publications: Vec<Publication>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Skill>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interests: Vec<Interest>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Project>,
    pub meta: Option<Meta>,
    #[serde(flatten)]
    pub extra: Extra,
}

macro_rules! object {
    ($(#[$doc:meta])* $name:ident { $($field:ident $(as $rename:literal)? : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
        #[serde(default, rename_all = "camelCase")]
        #[allow(missing_docs, reason = "fields are the schema's")]
        pub struct $name {
            $(
                $(#[serde(rename = $rename)])?
                #[serde(skip_serializing_if = "Empty::is_empty")]
                pub $field: $ty,
            )*
            #[serde(flatten)]
            pub extra: Extra,
        }

        impl HasExtra for $name {
            fn extra(&self) -> &Extra {
                &self.extra
            }
        }
    };
}

/// An object of the schema, with the fields the schema does not name.
pub trait HasExtra {
    /// The unknown fields.
    fn extra(&self) -> &Extra;
}

/// What a field skips when empty.
pub trait Empty {
    /// Whether the value is absent.
    fn is_empty(&self) -> bool;
}
impl<T> Empty for Option<T> {
    fn is_empty(&self) -> bool {
        self.is_none()
    }
}
impl<T> Empty for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

object!(
    /// `basics`.
    Basics { name: Option<String>, label: Option<String>, image: Option<String>, email: Option<String>, phone: Option<String>, url: Option<String>, summary: Option<String>, location: Option<Location>, profiles: Vec<Profile> }
);
object!(
    /// `basics.location`.
    Location { address: Option<String>, postal_code: Option<String>, city: Option<String>, country_code: Option<String>, region: Option<String> }
);
object!(
    /// `basics.profiles[]`.
    Profile { network: Option<String>, username: Option<String>, url: Option<String> }
);
object!(
    /// `work[]`.
    Work { name: Option<String>, location: Option<String>, description: Option<String>, position: Option<String>, url: Option<String>, start_date: Option<String>, end_date: Option<String>, summary: Option<String>, highlights: Vec<String> }
);
object!(
    /// `volunteer[]`.
    Volunteer { organization: Option<String>, position: Option<String>, url: Option<String>, start_date: Option<String>, end_date: Option<String>, summary: Option<String>, highlights: Vec<String> }
);
object!(
    /// `education[]`.
    Education { institution: Option<String>, url: Option<String>, area: Option<String>, study_type: Option<String>, start_date: Option<String>, end_date: Option<String>, score: Option<String>, courses: Vec<String> }
);
object!(
    /// `awards[]`.
    Award { title: Option<String>, date: Option<String>, awarder: Option<String>, summary: Option<String> }
);
object!(
    /// `certificates[]`.
    Certificate { name: Option<String>, date: Option<String>, url: Option<String>, issuer: Option<String> }
);
object!(
    /// `publications[]`.
    Publication { name: Option<String>, publisher: Option<String>, release_date: Option<String>, url: Option<String>, summary: Option<String> }
);
object!(
    /// `skills[]`.
    Skill { name: Option<String>, level: Option<String>, keywords: Vec<String> }
);
object!(
    /// `languages[]`.
    Language { language: Option<String>, fluency: Option<String> }
);
object!(
    /// `interests[]`.
    Interest { name: Option<String>, keywords: Vec<String> }
);
object!(
    /// `references[]`.
    Reference { name: Option<String>, reference: Option<String> }
);
object!(
    /// `projects[]`.
    Project { name: Option<String>, description: Option<String>, highlights: Vec<String>, keywords: Vec<String>, start_date: Option<String>, end_date: Option<String>, url: Option<String>, roles: Vec<String>, entity: Option<String>, kind as "type": Option<String> }
);
object!(
    /// `meta`.
    Meta { canonical: Option<String>, version: Option<String>, last_modified: Option<String> }
);

/// Whether a date is one the schema accepts: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
/// (the schema's `iso8601` pattern).
pub fn is_iso8601(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let year = b.first().is_some_and(|c| matches!(c, b'1' | b'2')) && digits(0..4);
    let month = |at: usize| b[at] == b'-' && matches!(b[at + 1], b'0' | b'1') && digits(at + 1..at + 3);
    let day = |at: usize| b[at] == b'-' && matches!(b[at + 1], b'0'..=b'3') && digits(at + 1..at + 3);
    match b.len() {
        4 => year,
        7 => year && month(4),
        10 => year && month(4) && day(7),
        _ => false,
    }
}
