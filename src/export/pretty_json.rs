//! Pretty-printed JSON written straight into a `String`, byte for byte
//! what `serde_json::to_string_pretty` writes (two-space indent, `": "`,
//! its escapes), for the JSON export (issue 20: no work the output does
//! not need). serde_json reads every byte of every string through a
//! lookup table and writes each piece through `io::Write`; here a string
//! is checked eight bytes at a time ([`plain_prefix`]) and copied in one
//! piece, an indent is one slice, and nothing is written twice.
//!
//! The state machine is serde_json's `PrettyFormatter` and `Compound`
//! unchanged (one indent depth and one `has_value` flag for the whole
//! document), so that empty and nested collections come out as there.
//! Numbers other than integers are written by serde_json itself.

use serde::ser::{self, Serialize};
use std::fmt::Display;

/// Writes `value` as serde_json's pretty printer would.
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> Result<String, Error> {
    let mut writer = PrettyJson {
        out: String::with_capacity(16 * 1024),
        indent: 0,
        has_value: false,
    };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

/// Why a value could not be written: a `Serialize` impl's own error, or a
/// map key that is not a string (serde_json's messages).
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// serde_json's error for a map key that cannot be a string.
fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_string())
}

/// The output and serde_json's `PrettyFormatter` state.
struct PrettyJson {
    /// What is written so far.
    out: String,
    /// How many collections are open.
    indent: usize,
    /// Whether the innermost collection written to has a value (one flag,
    /// as serde_json keeps it).
    has_value: bool,
}

/// Spaces for the indents of the first levels, written as one slice.
const SPACES: &str = "                                                                ";

impl PrettyJson {
    /// A line break and the current indent (two spaces a level).
    fn newline(&mut self) {
        self.out.push('\n');
        let width = self.indent * 2;
        match SPACES.get(..width) {
            Some(spaces) => self.out.push_str(spaces),
            None => (0..self.indent).for_each(|_| self.out.push_str("  ")),
        }
    }

    /// `[` or `{`: one level deeper, nothing in it yet.
    fn begin_collection(&mut self, open: char) {
        self.indent += 1;
        self.has_value = false;
        self.out.push(open);
    }

    /// `]` or `}`, on a line of its own when the collection holds a value.
    fn end_collection(&mut self, close: char) {
        self.indent = self.indent.saturating_sub(1);
        if self.has_value {
            self.newline();
        }
        self.out.push(close);
    }

    /// Before a value in an array or a key in an object.
    fn begin_item(&mut self, first: bool) {
        if !first {
            self.out.push(',');
        }
        self.newline();
    }

    /// A JSON string: `text` escaped, between quotes.
    fn string(&mut self, text: &str) {
        self.out.push('"');
        push_escaped(text, &mut self.out);
        self.out.push('"');
    }

    /// `{"variant": ` of an enum variant with data; its end is
    /// [`PrettyJson::end_variant`].
    fn begin_variant(&mut self, variant: &str) {
        self.begin_collection('{');
        self.begin_item(true);
        self.string(variant);
        self.out.push_str(": ");
    }

    /// The `}` that closes [`PrettyJson::begin_variant`].
    fn end_variant(&mut self) {
        self.has_value = true;
        self.end_collection('}');
    }

    /// A number or other scalar as serde_json writes it alone.
    fn scalar_by_serde_json<T: Serialize>(&mut self, value: T) -> Result<(), Error> {
        let text = serde_json::to_string(&value).map_err(|e| Error(e.to_string()))?;
        self.out.push_str(&text);
        Ok(())
    }

    /// An array or object opened, closed at once when it is known to be
    /// empty (`[]`, `{}`), as serde_json does.
    fn open(&mut self, open: char, len: Option<usize>) -> Compound<'_> {
        self.begin_collection(open);
        let state = if len == Some(0) {
            self.end_collection(if open == '[' { ']' } else { '}' });
            State::Empty
        } else {
            State::First
        };
        Compound { ser: self, state }
    }
}

/// How many bytes at the start of `bytes` JSON writes as they are: up to
/// the first `"`, `\` or control character below 0x20. Eight bytes are
/// checked at once; the block that holds one is then read byte by byte.
pub fn plain_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether some byte of `word` is zero (exact as a yes or no).
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let mut done = 0;
    for block in bytes.chunks_exact(8) {
        let Ok(block) = <[u8; 8]>::try_from(block) else {
            break;
        };
        let word = u64::from_ne_bytes(block);
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
        if below_space
            || has_zero(word ^ (ONES * u64::from(b'"')))
            || has_zero(word ^ (ONES * u64::from(b'\\')))
        {
            break;
        }
        done += 8;
    }
    let rest = bytes.get(done..).unwrap_or_default();
    done + rest
        .iter()
        .position(|b| is_escaped(*b))
        .unwrap_or(rest.len())
}

/// Whether JSON escapes this byte (serde_json's table).
fn is_escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// `text` inside a JSON string, escaped as serde_json escapes it: `\"`,
/// `\\`, `\b \t \n \f \r`, other control characters as `\u00xx`.
fn push_escaped(text: &str, out: &mut String) {
    let mut rest = text;
    loop {
        let plain = plain_prefix(rest.as_bytes());
        // The byte at `plain` is ASCII (or the end): a character boundary.
        let Some((run, from)) = rest.split_at_checked(plain) else {
            out.push_str(rest);
            return;
        };
        out.push_str(run);
        let mut chars = from.chars();
        let Some(c) = chars.next() else {
            return;
        };
        push_escape(c, out);
        rest = chars.as_str();
    }
}

/// One character JSON escapes.
fn push_escape(c: char, out: &mut String) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\u{8}' => out.push_str("\\b"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\u{c}' => out.push_str("\\f"),
        '\r' => out.push_str("\\r"),
        c => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let code = u32::from(c);
            let digit = |n: u32| char::from(HEX.get((n & 0xF) as usize).copied().unwrap_or(b'0'));
            out.push_str("\\u00");
            out.push(digit(code >> 4));
            out.push(digit(code));
        }
    }
}

/// Where a collection is: empty and closed already, before its first
/// item, or after one.
#[derive(PartialEq)]
enum State {
    /// Known empty, and closed already.
    Empty,
    /// Nothing written in it yet.
    First,
    /// An item written.
    Rest,
}

/// An open array or object.
struct Compound<'a> {
    /// The document being written.
    ser: &'a mut PrettyJson,
    /// Whether an item is written in it.
    state: State,
}

impl Compound<'_> {
    /// An array's item on a line of its own.
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.ser.begin_item(self.state == State::First);
        self.state = State::Rest;
        value.serialize(&mut *self.ser)?;
        self.ser.has_value = true;
        Ok(())
    }

    /// An object's key on a line of its own.
    fn key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.ser.begin_item(self.state == State::First);
        self.state = State::Rest;
        key.serialize(MapKey(&mut *self.ser))
    }

    /// The value after a key.
    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.ser.out.push_str(": ");
        value.serialize(&mut *self.ser)?;
        self.ser.has_value = true;
        Ok(())
    }

    /// The collection's end, unless it was closed when opened.
    fn close(self, close: char) {
        if self.state != State::Empty {
            self.ser.end_collection(close);
        }
    }
}

impl<'a> ser::Serializer for &'a mut PrettyJson {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.scalar_by_serde_json(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.scalar_by_serde_json(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.begin_collection('[');
        for (i, byte) in v.iter().enumerate() {
            self.begin_item(i == 0);
            self.out.push_str(&byte.to_string());
            self.has_value = true;
        }
        self.end_collection(']');
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.begin_variant(variant);
        value.serialize(&mut *self)?;
        self.end_variant();
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.begin_variant(variant);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('{', len))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.begin_variant(variant);
        self.serialize_map(Some(len))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close(']');
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        let ser = &mut *self.ser;
        if self.state != State::Empty {
            ser.end_collection(']');
        }
        ser.end_variant();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.key(key)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.key(key)?;
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.key(key)?;
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        let ser = &mut *self.ser;
        if self.state != State::Empty {
            ser.end_collection('}');
        }
        ser.end_variant();
        Ok(())
    }
}

/// A map key: a string as it is; an integer, a `bool` or a float quoted,
/// as serde_json writes them; anything else serde_json's error.
struct MapKey<'a>(&'a mut PrettyJson);

impl MapKey<'_> {
    /// A float key: quoted as serde_json writes the number, when finite.
    fn float<T: Serialize>(self, finite: bool, value: &T) -> Result<(), Error> {
        if !finite {
            return Err(Error(
                "float key must be finite (got NaN or +/-inf)".to_string(),
            ));
        }
        let text = serde_json::to_string(value).map_err(|e| Error(e.to_string()))?;
        self.quoted(&text)
    }

    /// A key that is not a string, in quotes.
    fn quoted(self, text: &str) -> Result<(), Error> {
        self.0.out.push('"');
        self.0.out.push_str(text);
        self.0.out.push('"');
        Ok(())
    }
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.string(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted(&v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v.is_finite(), &v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v.is_finite(), &v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;
    use serde_json::Value;
    use std::collections::BTreeMap;

    /// Any JSON value, nested a few levels, with strings that hold what
    /// JSON escapes and what it does not.
    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[a\"\\\\\u{0}-\u{1f}\u{7f}é\u{F0000}]{0,20}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[a\"\\n]{0,4}", inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// The defect this guards against: a byte JSON escapes missed (or
        /// a plain one stopped at) by the eight-at-a-time check.
        #[test]
        fn plain_prefix_stops_where_the_first_escape_is(bytes in prop::collection::vec(any::<u8>(), 0..40)) {
            let simple = bytes.iter().position(|b| is_escaped(*b)).unwrap_or(bytes.len());
            prop_assert_eq!(plain_prefix(&bytes), simple);
        }

        /// The defect this guards against: any byte of the export differing
        /// from serde_json's pretty printer's — nesting, empty collections,
        /// escapes, numbers.
        #[test]
        fn values_are_written_as_serde_json_writes_them(v in value()) {
            let ours = to_string_pretty(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let theirs = serde_json::to_string_pretty(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(ours, theirs);
        }
    }

    /// Every shape derive(Serialize) makes, as the model's types use them
    /// and as they might: enum variants of each kind, skipped and
    /// flattened fields, empty and nested collections, map keys.
    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(Vec<u8>),
        Tuple(u8, Vec<()>),
        EmptyTuple(),
        Struct { a: Option<String>, b: Vec<Shape> },
        EmptyStruct {},
    }

    #[derive(Serialize)]
    struct Inner {
        x: char,
        #[serde(skip_serializing_if = "Option::is_none")]
        y: Option<u8>,
    }

    #[derive(Serialize)]
    #[serde(tag = "kind")]
    enum Tagged {
        One { n: i8 },
        Two(Inner),
    }

    #[derive(Serialize)]
    struct Everything {
        shapes: Vec<Shape>,
        #[serde(flatten)]
        inner: Inner,
        tagged: Vec<Tagged>,
        keys: BTreeMap<i32, bool>,
        bool_keys: BTreeMap<bool, ()>,
        empty: BTreeMap<String, u8>,
        bytes: serde_bytes_like::Bytes,
        unit: (),
        float: f32,
        big: i128,
        nested: Vec<Vec<Vec<u8>>>,
    }

    mod serde_bytes_like {
        /// Bytes serialized with `serialize_bytes`.
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        let everything = Everything {
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(vec![]),
                Shape::Newtype(vec![1, 2]),
                Shape::Tuple(3, vec![(), ()]),
                Shape::EmptyTuple(),
                Shape::Struct {
                    a: Some("q\"\n\t\u{1}".into()),
                    b: vec![Shape::EmptyStruct {}, Shape::Struct { a: None, b: vec![] }],
                },
                Shape::EmptyStruct {},
            ],
            inner: Inner { x: '\\', y: None },
            tagged: vec![
                Tagged::One { n: -4 },
                Tagged::Two(Inner {
                    x: 'é', y: Some(9)
                }),
            ],
            keys: BTreeMap::from([(-1, true), (7, false)]),
            bool_keys: BTreeMap::from([(false, ()), (true, ())]),
            empty: BTreeMap::new(),
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
            unit: (),
            float: 1.5,
            big: -170_141_183_460_469_231_731_687_303_715_884_105_728,
            nested: vec![vec![], vec![vec![]], vec![vec![1]]],
        };
        let ours = to_string_pretty(&everything).map_err(|e| e.to_string());
        let theirs = serde_json::to_string_pretty(&everything).map_err(|e| e.to_string());
        assert_eq!(ours, theirs);
        let empty_bytes = serde_bytes_like::Bytes(vec![]);
        assert_eq!(
            to_string_pretty(&empty_bytes).map_err(|e| e.to_string()),
            serde_json::to_string_pretty(&empty_bytes).map_err(|e| e.to_string())
        );
        let bad_key = BTreeMap::from([(vec![1], 2)]);
        assert_eq!(
            to_string_pretty(&bad_key).map_err(|e| e.to_string()),
            serde_json::to_string_pretty(&bad_key).map_err(|e| e.to_string())
        );
    }
}
