//! Where a syntax error sits: the document is read once more as nothing but
//! its shape (keys read as strings, values dropped), so serde_path_to_error
//! names the field the broken text is in (`config.listeners` for a bare
//! `NaN`). Only on the error path, and it keeps no value.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

struct Shape;

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Shape)
    }
}

impl<'de> Visitor<'de> for Shape {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape)
    }

    fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
        Ok(Shape)
    }

    fn visit_unit<E>(self) -> Result<Shape, E> {
        Ok(Shape)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Shape, A::Error> {
        while a.next_element::<Shape>()?.is_some() {}
        Ok(Shape)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Shape, A::Error> {
        while a.next_key::<String>()?.is_some() {
            a.next_value::<Shape>()?;
        }
        Ok(Shape)
    }
}

/// The syntax error in `json` with the path of the field it sits in, if it
/// sits in one.
pub(super) fn syntax_error(json: &str) -> Option<serde_path_to_error::Error<serde_json::Error>> {
    let mut de = serde_json::Deserializer::from_str(json);
    let e = serde_path_to_error::deserialize::<_, Shape>(&mut de).err()?;
    let mut path = e.path().iter().peekable();
    let named =
        path.peek().is_some() && path.all(|s| !matches!(s, serde_path_to_error::Segment::Unknown));
    (e.inner().is_syntax() && named).then_some(e)
}
