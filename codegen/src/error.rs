//! What goes wrong, and where in the spec.

use std::fmt;

/// One problem found in the input, located by a JSON pointer into the document (and a line and
/// column where the loader knows them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// A JSON pointer such as `#/components/schemas/Order/properties/customer`.
    pub pointer: String,
    /// One line, lower case, saying what is wrong.
    pub message: String,
    /// 1-based line and column in the source file, when known.
    pub position: Option<(usize, usize)>,
}

impl Diagnostic {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { pointer: pointer.into(), message: message.into(), position: None }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.pointer, self.message),
            None => write!(f, "{}: {}", self.pointer, self.message),
        }
    }
}

/// Every error found in one run: the generator collects them rather than stopping at the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The file the pointers refer to.
    pub source: String,
    pub errors: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn one(source: impl Into<String>, error: Diagnostic) -> Self {
        Diagnostics { source: source.into(), errors: vec![error] }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.errors.len();
        writeln!(f, "{}: {count} error{}", self.source, if count == 1 { "" } else { "s" })?;
        for error in &self.errors {
            writeln!(f, "  {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
