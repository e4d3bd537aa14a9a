//! Canonical JSON (the keys of every object sorted) hashed straight from
//! serde types, for the fingerprint of an export: the same bytes as
//! [`crate::export::canonical`] gives for the value the types serialise to,
//! without making that value (a copy of the whole résumé).

use serde::ser::{self, Serialize};

/// Why a value has no canonical JSON (a map key that is not text).
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// The SHA-256 of the canonical JSON of `value`, and its length, with the
/// top object's entries fed to the hash as they are finished instead of
/// joined into one text first.
pub fn digest<T: Serialize + ?Sized>(value: &T) -> Result<([u8; 32], usize), Error> {
    let mut d = Digest { sha: sha2::Sha256::default(), len: 0 };
    let mut out = Vec::new();
    value.serialize(Canon { out: &mut out, digest: Some(&mut d) })?;
    // A top value that is not an object was written whole.
    d.update(&out);
    Ok((sha2::Digest::finalize(d.sha).into(), d.len))
}

/// A hash being fed, and how many bytes it was fed.
struct Digest {
    sha: sha2::Sha256,
    len: usize,
}

impl Digest {
    fn update(&mut self, bytes: &[u8]) {
        sha2::Digest::update(&mut self.sha, bytes);
        self.len += bytes.len();
    }
}

/// serde_json's text of a scalar.
fn scalar<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> Result<(), Error> {
    serde_json::to_writer(out, v).map_err(|e| Error(e.to_string()))
}

struct Canon<'a> {
    out: &'a mut Vec<u8>,
    /// For the top value: where its object's text goes instead of `out`.
    digest: Option<&'a mut Digest>,
}

/// An object being written: its entries, sorted when it ends.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    digest: Option<&'a mut Digest>,
    entries: Vec<(String, Vec<u8>)>,
    key: Option<String>,
    /// The entry `{"variant": ...}` of an enum's struct variant, around it.
    variant: Option<&'static str>,
}

/// A list being written, item after item.
struct List<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    variant: Option<&'static str>,
}

impl<'a> Object<'a> {
    fn new(out: &'a mut Vec<u8>, digest: Option<&'a mut Digest>, variant: Option<&'static str>) -> Self {
        Object { out, digest, entries: Vec::new(), key: None, variant }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), Error> {
        let mut bytes = Vec::new();
        value.serialize(Canon { out: &mut bytes, digest: None })?;
        // A key given twice (a flattened map repeating a field) keeps the last, as a JSON value would.
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, bytes));
        Ok(())
    }

    fn finish(mut self) -> Result<(), Error> {
        self.entries.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(d) = self.digest.take() {
            // The top object: each entry to the hash as it is joined.
            d.update(b"{");
            for (i, (k, v)) in std::mem::take(&mut self.entries).into_iter().enumerate() {
                let mut key = Vec::new();
                if i > 0 {
                    key.push(b',');
                }
                scalar(&mut key, &k)?;
                key.push(b':');
                d.update(&key);
                d.update(&v);
            }
            d.update(b"}");
            return Ok(());
        }
        if let Some(v) = self.variant {
            self.out.push(b'{');
            scalar(self.out, v)?;
            self.out.push(b':');
        }
        self.out.push(b'{');
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            scalar(self.out, k)?;
            self.out.push(b':');
            self.out.extend_from_slice(v);
        }
        self.out.push(b'}');
        if self.variant.is_some() {
            self.out.push(b'}');
        }
        Ok(())
    }
}

impl<'a> List<'a> {
    fn new(out: &'a mut Vec<u8>, variant: Option<&'static str>) -> Result<Self, Error> {
        if let Some(v) = variant {
            out.push(b'{');
            scalar(out, v)?;
            out.push(b':');
        }
        out.push(b'[');
        Ok(List { out, first: true, variant })
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        value.serialize(Canon { out: self.out, digest: None })
    }

    fn finish(self) -> Result<(), Error> {
        self.out.push(b']');
        if self.variant.is_some() {
            self.out.push(b'}');
        }
        Ok(())
    }
}

macro_rules! scalars {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            scalar(self.out, &v)
        }
    )*};
}

impl<'a> ser::Serializer for Canon<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = List<'a>;
    type SerializeTuple = List<'a>;
    type SerializeTupleStruct = List<'a>;
    type SerializeTupleVariant = List<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_f32: f32, serialize_f64: f64,
        serialize_char: char, serialize_str: &str);

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut list = List::new(self.out, None)?;
        for b in v {
            ser::SerializeSeq::serialize_element(&mut list, b)?;
        }
        list.finish()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        scalar(self.out, variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut o = Object::new(self.out, None, None);
        o.entry(variant.to_string(), value)?;
        o.finish()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<List<'a>, Error> {
        List::new(self.out, None)
    }

    fn serialize_tuple(self, _: usize) -> Result<List<'a>, Error> {
        List::new(self.out, None)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<List<'a>, Error> {
        List::new(self.out, None)
    }

    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<List<'a>, Error> {
        List::new(self.out, Some(variant))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, self.digest, None))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, self.digest, None))
    }

    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Object<'a>, Error> {
        Ok(Object::new(self.out, None, Some(variant)))
    }
}

macro_rules! lists {
    ($($tr:ident :: $method:ident),*) => {$(
        impl ser::$tr for List<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}
lists!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A map key: text, or a number or flag written as text (as serde_json does).
struct KeyText;

macro_rules! keys_as_text {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<String, Error> {
            Ok(v.to_string())
        }
    )*};
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = ser::Impossible<String, Error>;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = ser::Impossible<String, Error>;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<String, Error> {
        Ok(v.to_string())
    }
    keys_as_text!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);

    fn serialize_f32(self, _: f32) -> Result<String, Error> {
        Err(Error("a map key that is a fraction".into()))
    }
    fn serialize_f64(self, _: f64) -> Result<String, Error> {
        Err(Error("a map key that is a fraction".into()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Error> {
        Err(Error("a map key that is bytes".into()))
    }
    fn serialize_none(self) -> Result<String, Error> {
        Err(Error("a map key that is null".into()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Error> {
        Err(Error("a map key that is null".into()))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Error> {
        Err(Error("a map key that is null".into()))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<String, Error> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<String, Error> {
        Err(Error("a map key that is not text".into()))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(Error("a map key that is a list".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(Error("a map key that is a list".into()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Error("a map key that is a list".into()))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error("a map key that is a list".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Error("a map key that is a map".into()))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(Error("a map key that is a map".into()))
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error("a map key that is a map".into()))
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(KeyText)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| Error("a map value before its key".into()))?;
        self.entry(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

macro_rules! structs {
    ($($tr:ident),*) => {$(
        impl ser::$tr for Object<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.entry(key.to_string(), value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}
structs!(SerializeStruct, SerializeStructVariant);
