//! NCP CLI's text form of one struct list item:
//! `networkInterfaceOrder='0', subnetNo='43', accessControlGroupNoList=['63', '64']`.
//!
//! An item is `key=value` pairs separated by commas. A value is quoted (`'...'` or `"..."`, no
//! escapes: the other quote and commas may appear inside), a bracketed list of such values
//! (`['a', 'b']`, possibly empty), or bare text up to the next comma. Spaces around keys,
//! `=`, values and commas are ignored. Keys are letters, digits and `_`. Each key at most once.

use serde_json::{Map, Value};

/// A parse error: what was expected and where (1-based character position in the item).
#[derive(Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based character position.
    pub at: usize,
    /// What went wrong.
    pub message: String,
}

struct Cursor {
    chars: Vec<char>,
    pos: usize,
}

impl Cursor {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            at: self.pos + 1,
            message: message.into(),
        }
    }

    fn key(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error(match self.peek() {
                Some(c) => format!("expected a field name, found `{c}`"),
                None => "expected a field name, found the end".to_owned(),
            }));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    fn quoted(&mut self, quote: char) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == quote {
                let text = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                return Ok(text);
            }
            self.pos += 1;
        }
        Err(SyntaxError {
            at: open + 1,
            message: format!("unclosed {quote}"),
        })
    }

    /// One scalar: quoted, or bare up to a comma, `]` (in a list) or the end.
    fn scalar(&mut self, in_list: bool) -> Result<String, SyntaxError> {
        match self.peek() {
            Some(q @ ('\'' | '"')) => self.quoted(q),
            _ => {
                let start = self.pos;
                while let Some(c) = self.peek() {
                    if c == ',' || c == ']' || (!in_list && c == '[') {
                        break;
                    }
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                let text = text.trim().to_owned();
                if text.is_empty() {
                    return Err(SyntaxError {
                        at: start + 1,
                        message: "expected a value".to_owned(),
                    });
                }
                Ok(text)
            }
        }
    }

    fn list(&mut self) -> Result<Vec<String>, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_spaces();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(items);
        }
        loop {
            self.skip_spaces();
            items.push(self.scalar(true)?);
            self.skip_spaces();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(c) => return Err(self.error(format!("expected `,` or `]`, found `{c}`"))),
                None => {
                    return Err(SyntaxError {
                        at: open + 1,
                        message: "unclosed [".to_owned(),
                    });
                }
            }
        }
    }
}

/// Parses one item into a JSON object of strings and arrays of strings (the caller types them).
pub fn parse_item(text: &str) -> Result<Map<String, Value>, SyntaxError> {
    let mut c = Cursor {
        chars: text.chars().collect(),
        pos: 0,
    };
    let mut map = Map::new();
    c.skip_spaces();
    if c.peek().is_none() {
        return Err(c.error("empty item: expected `key='value', ...`"));
    }
    loop {
        c.skip_spaces();
        let key_at = c.pos;
        let key = c.key()?;
        c.skip_spaces();
        if c.peek() != Some('=') {
            return Err(c.error(format!("expected `=` after `{key}`")));
        }
        c.pos += 1;
        c.skip_spaces();
        let value = match c.peek() {
            Some('[') => Value::Array(c.list()?.into_iter().map(Value::String).collect()),
            _ => Value::String(c.scalar(false)?),
        };
        if map.insert(key.clone(), value).is_some() {
            return Err(SyntaxError {
                at: key_at + 1,
                message: format!("`{key}` given twice"),
            });
        }
        c.skip_spaces();
        match c.peek() {
            None => return Ok(map),
            Some(',') => c.pos += 1,
            Some(ch) => return Err(c.error(format!("expected `,` or the end, found `{ch}`"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Value {
        Value::Object(parse_item(text).unwrap_or_else(|e| panic!("{text}: {e:?}")))
    }

    #[test]
    fn parses_the_forms_of_the_ncp_cli() {
        assert_eq!(
            ok("networkInterfaceOrder='0', accessControlGroupNoList=['63', '64']"),
            json!({"networkInterfaceOrder": "0", "accessControlGroupNoList": ["63", "64"]})
        );
        assert_eq!(
            ok("networkInterfaceOrder='1',subnetNo='43',accessControlGroupNoList='365174'"),
            json!({"networkInterfaceOrder": "1", "subnetNo": "43", "accessControlGroupNoList": "365174"})
        );
        assert_eq!(
            ok(" a = 1 , b=[x, \"y, z\"], c=\"it's\", d=[] "),
            json!({"a": "1", "b": ["x", "y, z"], "c": "it's", "d": []})
        );
    }

    #[test]
    fn malformed_items_say_where() {
        let err = |text: &str| parse_item(text).unwrap_err();
        assert_eq!(err("").message, "empty item: expected `key='value', ...`");
        assert_eq!(
            err("a='1' b='2'"),
            SyntaxError {
                at: 7,
                message: "expected `,` or the end, found `b`".into()
            }
        );
        assert_eq!(err("a").message, "expected `=` after `a`");
        assert_eq!(
            err("a='1"),
            SyntaxError {
                at: 3,
                message: "unclosed '".into()
            }
        );
        assert_eq!(err("a=['1', '2'").message, "unclosed [");
        assert_eq!(err("a=1,a=2").message, "`a` given twice");
        assert_eq!(err("a=").message, "expected a value");
        assert_eq!(err("=1").message, "expected a field name, found `=`");
    }
}
