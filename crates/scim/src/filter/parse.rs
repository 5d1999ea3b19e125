//! The filter grammar of RFC 7644 §3.4.2.2, and PATCH paths (§3.5.2), by recursive descent.
//!
//! ```text
//! filter    = and *("or" and)
//! and       = unary *("and" unary)
//! unary     = "not" "(" filter ")" / "(" filter ")" / attrExpr / valuePath
//! attrExpr  = attrPath "pr" / attrPath compareOp compValue
//! valuePath = attrPath "[" filter "]" ["." subAttr]
//! ```

use serde_json::{Number, Value};

use super::{CompareOp, Filter, FilterError};
use crate::path::{AttrPath, PatchPath, is_attr_name};

/// How deep parentheses, `not` and value filters may nest: enough for any real filter, and a
/// bound on the recursion for a hostile one.
const MAX_DEPTH: usize = 32;

/// A token and where it starts.
#[derive(Clone, Debug, PartialEq)]
struct Token {
    kind: Kind,
    pos: usize,
}

/// The kinds of token.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    LParen,
    RParen,
    LBracket,
    RBracket,
    /// A `.` at the start of a token: the one after `]` in `emails[…].value`.
    Dot,
    /// An attribute path, operator or literal keyword.
    Word(String),
    /// A string literal, unescaped.
    Str(String),
    /// A number literal.
    Num(Number),
}

/// Splits `input` into tokens.
fn lex(input: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(pos, c)) = chars.peek() {
        let single = match c {
            ' ' | '\t' | '\r' | '\n' => {
                chars.next();
                continue;
            }
            '(' => Some(Kind::LParen),
            ')' => Some(Kind::RParen),
            '[' => Some(Kind::LBracket),
            ']' => Some(Kind::RBracket),
            '.' => Some(Kind::Dot),
            _ => None,
        };
        if let Some(kind) = single {
            chars.next();
            tokens.push(Token { kind, pos });
            continue;
        }
        let kind = if c == '"' {
            chars.next();
            let mut escaped = false;
            let mut end = None;
            for (i, c) in chars.by_ref() {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.ok_or(FilterError::UnterminatedString { pos })?;
            let text = &input[pos..=end];
            let s = serde_json::from_str::<String>(text)
                .map_err(|_| FilterError::InvalidString { pos })?;
            Kind::Str(s)
        } else if c == '-' || c.is_ascii_digit() {
            let end = take_while(&mut chars, input.len(), |c| {
                c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')
            });
            let text = &input[pos..end];
            let n =
                serde_json::from_str::<Number>(text).map_err(|_| FilterError::InvalidNumber {
                    pos,
                    text: text.to_owned(),
                })?;
            Kind::Num(n)
        } else if c.is_ascii_alphabetic() || c == '$' || c == '_' {
            let end = take_while(&mut chars, input.len(), |c| {
                c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '$' | ':' | '.')
            });
            Kind::Word(input[pos..end].to_owned())
        } else {
            return Err(FilterError::UnexpectedChar { pos, ch: c });
        };
        tokens.push(Token { kind, pos });
    }
    Ok(tokens)
}

/// Advances over the characters that satisfy `accept`; returns the byte offset after them.
fn take_while(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    len: usize,
    accept: impl Fn(char) -> bool,
) -> usize {
    while let Some(&(i, c)) = chars.peek() {
        if !accept(c) {
            return i;
        }
        chars.next();
    }
    len
}

/// Parses a whole filter.
pub(super) fn parse_filter(input: &str) -> Result<Filter, FilterError> {
    let mut parser = Parser::new(input)?;
    if parser.tokens.is_empty() {
        return Err(FilterError::Empty);
    }
    let filter = parser.or(0, false)?;
    parser.finish()?;
    Ok(filter)
}

/// Parses a PATCH path: `attrPath` or `attrPath "[" filter "]" ["." subAttr]`.
pub(crate) fn parse_patch_path(input: &str) -> Result<PatchPath, FilterError> {
    let mut parser = Parser::new(input)?;
    let (attr, pos) = parser.attr_path()?;
    let path = if parser.eat(&Kind::LBracket) {
        if attr.sub_attribute().is_some() {
            return Err(FilterError::InvalidAttributePath {
                pos,
                path: attr.to_string(),
            });
        }
        let open = parser.previous_pos();
        let filter = parser.or(1, true)?;
        if !parser.eat(&Kind::RBracket) {
            return Err(FilterError::UnclosedBracket { pos: open });
        }
        let sub = parser.sub_attr()?;
        PatchPath {
            attr,
            filter: Some(filter),
            sub,
        }
    } else {
        PatchPath {
            sub: attr.sub_attribute().map(str::to_owned),
            attr: attr.without_sub(),
            filter: None,
        }
    };
    parser.finish()?;
    Ok(path)
}

/// The parser's state: the tokens and the next one's index.
struct Parser {
    tokens: Vec<Token>,
    next: usize,
    /// The input's length: the position reported at its end.
    end: usize,
}

impl Parser {
    fn new(input: &str) -> Result<Parser, FilterError> {
        Ok(Parser {
            tokens: lex(input)?,
            next: 0,
            end: input.len(),
        })
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    /// The position of the next token, or the end of the input.
    fn pos(&self) -> usize {
        self.peek().map_or(self.end, |t| t.pos)
    }

    /// The position of the token just consumed.
    fn previous_pos(&self) -> usize {
        self.next
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.pos)
    }

    fn bump(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.next).cloned();
        if token.is_some() {
            self.next += 1;
        }
        token
    }

    /// Consumes the next token when it is `kind`.
    fn eat(&mut self, kind: &Kind) -> bool {
        if self.peek().is_some_and(|t| &t.kind == kind) {
            self.next += 1;
            true
        } else {
            false
        }
    }

    /// Consumes the next token when it is the keyword `word` (case-insensitively).
    fn eat_keyword(&mut self, word: &str) -> bool {
        match self.peek() {
            Some(Token {
                kind: Kind::Word(w),
                ..
            }) if w.eq_ignore_ascii_case(word) => {
                self.next += 1;
                true
            }
            _ => false,
        }
    }

    /// Fails unless every token has been consumed.
    fn finish(&self) -> Result<(), FilterError> {
        match self.peek() {
            None => Ok(()),
            Some(Token {
                kind: Kind::RParen,
                pos,
            }) => Err(FilterError::UnexpectedCloseParenthesis { pos: *pos }),
            Some(t) => Err(FilterError::TrailingInput { pos: t.pos }),
        }
    }

    /// `and *("or" and)`.
    fn or(&mut self, depth: usize, in_value_path: bool) -> Result<Filter, FilterError> {
        let mut left = self.and(depth, in_value_path)?;
        while self.eat_keyword("or") {
            let right = self.and(depth, in_value_path)?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `unary *("and" unary)`.
    fn and(&mut self, depth: usize, in_value_path: bool) -> Result<Filter, FilterError> {
        let mut left = self.unary(depth, in_value_path)?;
        while self.eat_keyword("and") {
            let right = self.unary(depth, in_value_path)?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `"not" "(" filter ")"`, `"(" filter ")"` or an attribute expression.
    fn unary(&mut self, depth: usize, in_value_path: bool) -> Result<Filter, FilterError> {
        if depth >= MAX_DEPTH {
            return Err(FilterError::TooDeep {
                pos: self.pos(),
                max: MAX_DEPTH,
            });
        }
        let next_is_paren = self
            .tokens
            .get(self.next + 1)
            .is_some_and(|t| t.kind == Kind::LParen);
        match self.peek().map(|t| &t.kind) {
            Some(Kind::LParen) => self.group(depth, in_value_path),
            Some(Kind::Word(w)) if w.eq_ignore_ascii_case("not") && next_is_paren => {
                self.next += 1;
                Ok(Filter::Not(Box::new(self.group(depth, in_value_path)?)))
            }
            Some(Kind::Word(_)) => self.attr_expr(depth, in_value_path),
            Some(Kind::RParen) if depth == 0 => {
                Err(FilterError::UnexpectedCloseParenthesis { pos: self.pos() })
            }
            _ => Err(FilterError::ExpectedExpression { pos: self.pos() }),
        }
    }

    /// `"(" filter ")"`, at a `(`.
    fn group(&mut self, depth: usize, in_value_path: bool) -> Result<Filter, FilterError> {
        let open = self.pos();
        self.next += 1;
        let inner = self.or(depth + 1, in_value_path)?;
        if self.eat(&Kind::RParen) {
            Ok(inner)
        } else if self.peek().is_none() {
            Err(FilterError::UnclosedParenthesis { pos: open })
        } else {
            Err(FilterError::TrailingInput { pos: self.pos() })
        }
    }

    /// An attribute path, at a word.
    fn attr_path(&mut self) -> Result<(AttrPath, usize), FilterError> {
        match self.bump() {
            Some(Token {
                kind: Kind::Word(w),
                pos,
            }) => match AttrPath::parse(&w) {
                Some(path) => Ok((path, pos)),
                None => Err(FilterError::InvalidAttributePath { pos, path: w }),
            },
            Some(t) => Err(FilterError::ExpectedExpression { pos: t.pos }),
            None => Err(FilterError::ExpectedExpression { pos: self.end }),
        }
    }

    /// An optional `"." subAttr`, after a value filter's `]`.
    fn sub_attr(&mut self) -> Result<Option<String>, FilterError> {
        if !self.eat(&Kind::Dot) {
            return Ok(None);
        }
        match self.bump() {
            Some(Token {
                kind: Kind::Word(w),
                ..
            }) if is_attr_name(&w) => Ok(Some(w)),
            Some(t) => Err(FilterError::InvalidAttributePath {
                pos: t.pos,
                path: format!("{:?}", t.kind),
            }),
            None => Err(FilterError::InvalidAttributePath {
                pos: self.end,
                path: String::new(),
            }),
        }
    }

    /// `attrPath "pr"`, `attrPath compareOp compValue` or `attrPath "[" filter "]"`.
    fn attr_expr(&mut self, depth: usize, in_value_path: bool) -> Result<Filter, FilterError> {
        let (path, path_pos) = self.attr_path()?;
        let Some(token) = self.bump() else {
            return Err(FilterError::MissingOperator { pos: self.end });
        };
        let word = match token.kind {
            Kind::Word(word) => word,
            Kind::LBracket => {
                if in_value_path {
                    return Err(FilterError::NestedValuePath { pos: token.pos });
                }
                if path.sub_attribute().is_some() {
                    return Err(FilterError::InvalidAttributePath {
                        pos: path_pos,
                        path: path.to_string(),
                    });
                }
                let filter = self.or(depth + 1, true)?;
                if !self.eat(&Kind::RBracket) {
                    return Err(FilterError::UnclosedBracket { pos: token.pos });
                }
                let sub = self.sub_attr()?;
                return Ok(Filter::ValuePath {
                    path,
                    filter: Box::new(filter),
                    sub,
                });
            }
            _ => return Err(FilterError::MissingOperator { pos: token.pos }),
        };
        if word.eq_ignore_ascii_case("pr") {
            return Ok(Filter::Present(path));
        }
        let Some(op) = CompareOp::from_keyword(&word) else {
            return Err(FilterError::UnknownOperator {
                pos: token.pos,
                operator: word,
            });
        };
        let value = self.value()?;
        let kind = match &value {
            Value::String(_) => None,
            Value::Number(_) => Some("number"),
            Value::Bool(_) => Some("boolean"),
            _ => Some("null"),
        };
        let applies = match op {
            CompareOp::Eq | CompareOp::Ne => true,
            CompareOp::Co | CompareOp::Sw | CompareOp::Ew => kind.is_none(),
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le => {
                kind.is_none() || kind == Some("number")
            }
        };
        match kind {
            Some(kind) if !applies => Err(FilterError::OperatorNotApplicable {
                pos: token.pos,
                op,
                kind,
            }),
            _ => Ok(Filter::Compare { path, op, value }),
        }
    }

    /// A comparison's value: a string, a number, `true`, `false` or `null`.
    fn value(&mut self) -> Result<Value, FilterError> {
        let pos = self.pos();
        let Some(token) = self.peek().cloned() else {
            return Err(FilterError::MissingValue { pos });
        };
        let value = match token.kind {
            Kind::Str(s) => Value::String(s),
            Kind::Num(n) => Value::Number(n),
            Kind::Word(w) if w.eq_ignore_ascii_case("true") => Value::Bool(true),
            Kind::Word(w) if w.eq_ignore_ascii_case("false") => Value::Bool(false),
            Kind::Word(w) if w.eq_ignore_ascii_case("null") => Value::Null,
            Kind::Word(w) if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or") => {
                return Err(FilterError::MissingValue { pos });
            }
            Kind::Word(w) => return Err(FilterError::InvalidValue { pos, value: w }),
            _ => return Err(FilterError::MissingValue { pos }),
        };
        self.next += 1;
        Ok(value)
    }
}
