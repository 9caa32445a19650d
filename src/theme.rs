//! Templates, static files and UI strings of the theme, in layers: the
//! default theme embedded in the binary, then `themes/<theme>/` in the site,
//! then the site's own `templates/` and `static/`. A later layer wins file by
//! file (Zola's order: the user wins). Loaded once per build; the Tera
//! instance is shared by reference by every render.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::Tera;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::output::PlanFile;

/// The default theme, compiled into the binary.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The templates every theme must provide (a layer may add more, such as
/// `components.html`, which holds the default theme's components).
pub const TEMPLATES: [&str; 14] = [
    "card.html",
    "folder.html",
    "brand.css",
    "base.html",
    "index.html",
    "article.html",
    "taxonomy.html",
    "term.html",
    "search.html",
    "404.html",
    "alias.html",
    "atom.xml",
    "sitemap.xml",
    "editorial.html",
];

/// A loaded theme.
pub struct Theme {
    /// Every template, compiled; pages add their globals with [`Theme::tera_for`].
    tera: Tera,
    /// Output path → file, for the theme's and the site's static files.
    pub statics: BTreeMap<String, PlanFile>,
    /// The UI strings of the site's language (`t` in templates).
    pub strings: serde_json::Value,
    /// Where each template came from, for error messages.
    pub origins: BTreeMap<String, String>,
    /// A hash of every template's text and origin and of the UI strings:
    /// part of every page's fingerprint.
    pub hash: u64,
}

impl Theme {
    /// The theme's templates with `globals` as Tera's global context, which
    /// every render sees without copying it into each page's context.
    pub fn tera_for(&self, globals: impl IntoIterator<Item = (&'static str, tera::Value)>) -> Tera {
        let mut tera = self.tera.clone();
        for (k, v) in globals {
            tera.global_context().insert_value(k, v);
        }
        tera
    }
}

/// Loads the theme layers for a site.
pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Vec<Diagnostic>> {
    let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new(); // name → (origin, text)
    let mut statics: BTreeMap<String, PlanFile> = BTreeMap::new();
    let mut strings = serde_json::Map::new();
    let mut diags = Vec::new();
    let lang_file = format!("{}.yaml", config.language);

    if config.theme == "default" {
        for f in embedded_files(&DEFAULT_THEME) {
            let rel = f.path().to_string_lossy().replace('\\', "/");
            let origin = format!("themes/default/{rel} (built in)");
            if let Some(name) = rel.strip_prefix("templates/") {
                templates.insert(name.to_string(), (origin, String::from_utf8_lossy(f.contents()).into_owned()));
            } else if let Some(name) = rel.strip_prefix("static/") {
                statics.insert(name.to_string(), PlanFile::Static(f.contents()));
            } else if rel == format!("i18n/{lang_file}") {
                merge_strings(&mut strings, &origin, &String::from_utf8_lossy(f.contents()), &mut diags);
            }
        }
    }
    let theme_dir = root.join("themes").join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        diags.push(
            Diagnostic::at_line(crate::config::FILE, 1, 1, format!("theme `{}` not found", config.theme))
                .with_hint(format!("create `themes/{}/` or use `theme: default`", config.theme)),
        );
        return Err(diags);
    }
    let layers = [
        (theme_dir.join("templates"), theme_dir.join("static"), theme_dir.join("i18n")),
        (root.join("templates"), root.join("static"), PathBuf::new()),
    ];
    for (tpl_dir, static_dir, i18n_dir) in layers {
        for (rel, path) in files_under(root, &tpl_dir, &mut diags) {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    templates.insert(rel, (display(root, &path), text));
                }
                Err(e) => diags.push(
                    Diagnostic::at_line(&display(root, &path), 1, 1, format!("cannot read template: {e}")).with_hint("save it as UTF-8"),
                ),
            }
        }
        for (rel, path) in files_under(root, &static_dir, &mut diags) {
            statics.insert(rel, PlanFile::Copy(path));
        }
        let lang_path = i18n_dir.join(&lang_file);
        if !i18n_dir.as_os_str().is_empty() && lang_path.is_file() {
            match std::fs::read_to_string(&lang_path) {
                Ok(text) => merge_strings(&mut strings, &display(root, &lang_path), &text, &mut diags),
                Err(e) => diags.push(Diagnostic::at_line(&display(root, &lang_path), 1, 1, format!("cannot read: {e}"))),
            }
        }
    }
    for name in TEMPLATES {
        if !templates.contains_key(name) {
            diags.push(
                Diagnostic::at_line(crate::config::FILE, 1, 1, format!("the theme `{}` has no template `{name}`", config.theme))
                    .with_hint(format!("add `themes/{}/templates/{name}` or `templates/{name}`", config.theme)),
            );
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_to);
    let origins: BTreeMap<String, String> = templates.iter().map(|(k, (o, _))| (k.clone(), o.clone())).collect();
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(k, (_, t))| (k.as_str(), t.as_str()))) {
        return Err(vec![template_error(&e, &origins)]);
    }
    let hash = {
        use std::hash::{Hash, Hasher};
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        templates.hash(&mut h);
        serde_json::to_string(&strings).unwrap_or_default().hash(&mut h);
        h.finish()
    };
    Ok(Theme { tera, statics, strings: serde_json::Value::Object(strings), origins, hash })
}

/// A Tera error as a diagnostic: the template's file, line and column when
/// Tera reports them (syntax and rendering errors carry a span).
pub fn template_error(e: &tera::Error, origins: &BTreeMap<String, String>) -> Diagnostic {
    let (name, line, column, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (r.filename().to_string(), r.span().start_line.max(1), r.span().start_col + 1, r.message().to_string())
        }
        _ => {
            let full = e.to_string();
            let name = full.split('\'').nth(1).unwrap_or("").to_string();
            (name, 1, 1, full)
        }
    };
    let file =
        origins.get(&name).cloned().unwrap_or_else(|| if name.is_empty() { "templates".into() } else { format!("templates/{name}") });
    let mut chain = vec![message];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push(s.to_string());
        src = s.source();
    }
    let message = chain.join(": ").split_whitespace().collect::<Vec<_>>().join(" ");
    Diagnostic::at_line(&file, line, column, format!("template error: {message}"))
        .with_hint("fix the template; the README lists every variable templates can use")
}

/// Tera's escape function: [`escape_html`] into its writer.
fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(rep) = escaped(b) {
            out.write_all(&s.as_bytes()[last..i])?;
            out.write_all(rep.as_bytes())?;
            last = i + 1;
        }
    }
    out.write_all(&s.as_bytes()[last..])
}

/// What a byte becomes in escaped HTML, if it must change.
fn escaped(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// HTML escaping for templates. Tera's default also escapes `/`, which
/// makes every URL in the output unreadable (`&#x2F;`); escaping `& < > " '`
/// is what HTML needs in text and quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_html_into(&mut out, s);
    out
}

/// [`escape_html`] appending to `out`.
pub fn escape_html_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let Some(rep) = escaped(b) else { continue };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

fn merge_strings(into: &mut serde_json::Map<String, serde_json::Value>, origin: &str, text: &str, diags: &mut Vec<Diagnostic>) {
    match serde_yaml::from_str::<serde_json::Map<String, serde_json::Value>>(text) {
        Ok(map) => into.extend(map),
        Err(e) => {
            let text: std::sync::Arc<str> = std::sync::Arc::from(text);
            diags.push(crate::diagnostics::yaml_error(origin, &text, 0, &e));
        }
    }
}

fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out: Vec<_> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(embedded_files(d));
    }
    out.sort_by_key(|f| f.path());
    out
}

/// Files under a folder (sorted, hidden ones skipped), relative and `/`-separated.
/// Symbolic links that lead out of `root` are left out and reported in `diags`.
pub fn files_under(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let fence = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::content::is_ignored(&e.file_name().to_string_lossy()));
    let mut found = Vec::new();
    while let Some(entry) = walker.next() {
        let Ok(entry) = entry else { continue };
        if let Some(target) = crate::content::escaping_link(entry.path(), entry.path_is_symlink(), &fence) {
            diags.push(crate::content::escaping_link_error(&display(root, entry.path()), &target, "the site's folder"));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        found.push(entry);
    }
    found
        .into_iter()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel, e.into_path())
        })
        .collect()
}

fn display(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
