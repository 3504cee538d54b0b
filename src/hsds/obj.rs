//! A small builder of HSDS objects that leaves out empty values, so no exported value is ever
//! `null` (HSDS and Open Referral UK leave optional fields out rather than null them). Not for
//! anything but the objects of this module.

use serde_json::{Map, Value};

/// A JSON object being built: every object starts with its `id`.
#[derive(Default)]
pub(super) struct Obj(Map<String, Value>);

impl Obj {
    pub(super) fn new(id: String) -> Obj {
        let mut o = Obj::default();
        o.0.insert("id".into(), Value::String(id));
        o
    }
    pub(super) fn s(mut self, key: &str, value: impl Into<String>) -> Obj {
        self.0.insert(key.into(), Value::String(value.into()));
        self
    }
    pub(super) fn opt(self, key: &str, value: Option<impl Into<String>>) -> Obj {
        match value {
            Some(v) => self.s(key, v),
            None => self,
        }
    }
    /// A number; whole numbers are written without a decimal point.
    pub(super) fn num(mut self, key: &str, value: Option<f64>) -> Obj {
        let number = value.and_then(|x| {
            if x.fract() == 0.0 && x.abs() < 1e15 {
                Some(serde_json::Number::from(x as i64))
            } else {
                serde_json::Number::from_f64(x)
            }
        });
        if let Some(n) = number {
            self.0.insert(key.into(), Value::Number(n));
        }
        self
    }
    pub(super) fn arr(mut self, key: &str, values: Vec<Value>) -> Obj {
        if !values.is_empty() {
            self.0.insert(key.into(), Value::Array(values));
        }
        self
    }
    pub(super) fn obj(mut self, key: &str, value: Option<Value>) -> Obj {
        if let Some(v) = value {
            self.0.insert(key.into(), v);
        }
        self
    }
    pub(super) fn done(self) -> Value {
        Value::Object(self.0)
    }
}
