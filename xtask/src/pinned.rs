//! The OpenAI spec this project is pinned to, named here and nowhere else: the errors on a
//! missing spec, `cargo xtask fetch-spec` and its help all print these facts.

/// One form of the pinned spec: the file, and what identifies it.
pub struct Form {
    /// Its file name, beside the other form (`openapi.yaml`).
    pub file: &'static str,
    /// The sha256 of its bytes, lower-case hex: any copy with this hash is the pinned spec.
    pub sha256: &'static str,
    pub bytes: u64,
}

/// Where the pinned spec comes from, and the hashes that identify it.
pub struct Pinned {
    /// The upstream repository.
    pub repository: &'static str,
    /// The commit of `repository` the file was taken from, when it is recorded.
    pub commit: Option<&'static str>,
    /// Where that exact file can be downloaded, when it is recorded.
    pub url: Option<&'static str>,
    /// Its `openapi` and `info.version`.
    pub version: &'static str,
    /// The form the project reads (`OPENAPI_SPEC`).
    pub yaml: Form,
    /// The same document as JSON, beside it (the benchmark's parse floor reads it).
    pub json: Form,
    /// What is not known about its origin, said once.
    pub unknown: &'static str,
}

pub const PINNED: Pinned = Pinned {
    repository: "OpenAI's openai-openapi repository, https://github.com/openai/openai-openapi",
    commit: None,
    url: None,
    version: "OpenAPI 3.1.0, info.version 2.3.0 (title: OpenAI API)",
    yaml: Form { file: "openapi.yaml", sha256: "db5d7478feae10b4d331834c60d9765a8aa042e38419f9b1694288c11aa8ebc8", bytes: 2_970_649 },
    json: Form { file: "openapi.json", sha256: "bbfd19abcde0e7412da99378deb2a959ccdd3a812f97c9e35901921e8e973f9a", bytes: 3_396_665 },
    unknown: "The commit it was taken from, and so the URL of this exact file, were not recorded when it\n\
              was pinned: a copy whose sha256 is one of the above is the pinned spec, wherever it comes from.",
};

impl Pinned {
    /// The facts, one a line, for errors and help.
    pub fn describe(&self) -> String {
        let mut text = format!("The pinned spec: {}\n  repository:   {}\n", self.version, self.repository);
        match self.commit {
            Some(commit) => text.push_str(&format!("  commit:       {commit}\n")),
            None => text.push_str("  commit:       not recorded\n"),
        }
        match self.url {
            Some(url) => text.push_str(&format!("  URL:          {url}\n")),
            None => text.push_str("  URL:          not recorded\n"),
        }
        for form in [&self.yaml, &self.json] {
            text.push_str(&format!("  {:<14}sha256 {}, {} bytes\n", format!("{}:", form.file), form.sha256, form.bytes));
        }
        if self.commit.is_none() || self.url.is_none() {
            text.push_str(self.unknown);
            text.push('\n');
        }
        text
    }

    /// The form whose hash is `sha256`, if either is.
    pub fn form_with(&self, sha256: &str) -> Option<&Form> {
        [&self.yaml, &self.json].into_iter().find(|form| form.sha256 == sha256)
    }
}
