//! The command line (spec section 2): argument parsing with clap, and each
//! command's glue between the pipeline and the terminal. Exit codes: 0 ok,
//! 1 content errors, 2 usage or I/O errors.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand};

use chrono::NaiveDate;

use crate::diagnostics;
use crate::lifecycle;
use crate::pipeline::{self, Failure, Options};
use crate::{scaffold, Fatal};

#[derive(Debug, Parser)]
#[command(name = "leidraad", version, about = "A static site generator for HR leadership knowledge bases", propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (default `public/`).
    Build {
        /// The site's folder (the one with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default `<root>/public`).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override `base_url` of site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles with `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Skip the search index (a quicker preview build).
        #[arg(long)]
        no_search: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// The date review warnings are computed against (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = lifecycle::parse_today)]
        today: Option<NaiveDate>,
    },
    /// Build in memory, serve with live reload, rebuild on every save.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// The port; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Validate everything, write nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        /// `text` for people, `json` for tools: one JSON document with every
        /// diagnostic on stdout, and nothing else.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Warnings count as errors (exit 1): overdue and soon-due reviews too.
        #[arg(long)]
        strict: bool,
        /// The date review warnings are computed against (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = lifecycle::parse_today)]
        today: Option<NaiveDate>,
    },
    /// Print the editorial report: coverage, reviews, owners, drafts, orphans.
    Report {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `text` (80 columns, no colour) or `json` (the same data).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The date overdue and soon-due articles are computed against (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = lifecycle::parse_today)]
        today: Option<NaiveDate>,
    },
    /// Write a new article with valid front matter.
    New {
        /// The new file, under the site's `articles/` (relative to the current folder).
        path: PathBuf,
        #[arg(long)]
        title: String,
        /// A term of `pillars` (repeatable).
        #[arg(long = "pillar")]
        pillars: Vec<String>,
        /// A term of `competencies` (repeatable).
        #[arg(long = "competency")]
        competencies: Vec<String>,
        /// A term of `roles` (repeatable).
        #[arg(long = "role")]
        roles: Vec<String>,
        /// A term of any taxonomy, as `taxonomy=slug` (repeatable).
        #[arg(long = "term", value_name = "TAXONOMY=SLUG")]
        terms: Vec<String>,
        /// The author.
        #[arg(long)]
        author: Option<String>,
        /// Who keeps the article true (front matter `owner`).
        #[arg(long)]
        owner: Option<String>,
    },
    /// Create a new site that builds at once.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
    },
}

/// How `check` and `report` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Runs the command line and returns the exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Build { root, output, base_url, drafts, no_search, quiet, today } => {
            build(BuildArgs { root, output, base_url, drafts, search: !no_search, quiet, today })
        }
        Command::Check { root, drafts, format, strict, today } => {
            let opts = Options {
                root,
                drafts,
                today: Some(today.unwrap_or_else(lifecycle::local_today)),
                review_soon: true,
                ..Options::default()
            };
            return match format {
                Format::Json => check_json(&opts, strict),
                Format::Text => check(&opts, strict),
            };
        }
        Command::Report { root, format, today } => report(root, format, today.unwrap_or_else(lifecycle::local_today)),
        Command::Serve { root, bind, port, drafts, open } => {
            crate::serve::run(crate::serve::ServeOptions { root, bind, port, drafts, open }).map_err(Failure::Fatal)
        }
        Command::New { path, title, pillars, competencies, roles, terms, author, owner } => {
            let mut chosen: Vec<(String, String)> = Vec::new();
            chosen.extend(pillars.into_iter().map(|s| ("pillars".to_string(), s)));
            chosen.extend(competencies.into_iter().map(|s| ("competencies".to_string(), s)));
            chosen.extend(roles.into_iter().map(|s| ("roles".to_string(), s)));
            for t in terms {
                match t.split_once('=') {
                    Some((k, v)) => chosen.push((k.to_string(), v.to_string())),
                    None => return fatal(&Fatal::Usage(format!("--term expects TAXONOMY=SLUG, got `{t}`"))),
                }
            }
            scaffold::new_article(&scaffold::NewArticle { path, title, terms: chosen, author, owner })
                .map(|p| println!("Created {}", p.display()))
        }
        Command::Init { dir } => scaffold::init(&dir).map(|_| {
            println!("Created a new site in {}", dir.display());
            println!("Next: cd {} && leidraad serve", dir.display());
        }),
    };
    match result {
        Ok(()) => 0,
        Err(Failure::Content(diags)) => {
            diagnostics::print_all(&diags);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {n} problem{} found; nothing was written", if n == 1 { "" } else { "s" });
            1
        }
        Err(Failure::Fatal(f)) => fatal(&f),
    }
}

fn fatal(f: &Fatal) -> i32 {
    eprintln!("error: {f}");
    2
}

struct BuildArgs {
    root: PathBuf,
    output: Option<PathBuf>,
    base_url: Option<String>,
    drafts: bool,
    search: bool,
    quiet: bool,
    today: Option<NaiveDate>,
}

fn build(args: BuildArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let out = args.output.clone().unwrap_or_else(|| pipeline::default_output(&args.root));
    let opts = Options {
        root: args.root,
        base_url: args.base_url,
        drafts: args.drafts,
        search: args.search,
        today: Some(args.today.unwrap_or_else(lifecycle::local_today)),
        ..Options::default()
    };
    let report = crate::build::build_into(&opts, &out)?;
    diagnostics::print_all(&report.warnings);
    if !args.quiet {
        println!(
            "Built {} articles, {} pages, {} files ({:.1} MB) into {} in {} ms{}",
            report.articles,
            report.pages,
            report.files,
            report.bytes as f64 / 1e6,
            out.display(),
            started.elapsed().as_millis(),
            match report.search {
                Some(s) if s.reused => format!(" (search index: {} pages, kept: no page changed)", s.pages),
                Some(s) => format!(" (search index: {} pages)", s.pages),
                None => " (search index skipped)".into(),
            }
        );
    }
    Ok(())
}

/// `check`: the problems of a build, nothing written. Warnings are
/// printed; with `strict` they fail the check (exit 1).
fn check(opts: &Options, strict: bool) -> i32 {
    match pipeline::check(opts) {
        Ok(outcome) => {
            diagnostics::print_all(&outcome.warnings);
            let n = outcome.warnings.len();
            if strict && n > 0 {
                eprintln!("error: {n} warning{} and --strict; nothing was written", if n == 1 { "" } else { "s" });
                return 1;
            }
            match n {
                0 => println!("OK: {} articles, no problems found", outcome.articles),
                _ => println!("OK: {} articles, no errors, {n} warning{}", outcome.articles, if n == 1 { "" } else { "s" }),
            }
            0
        }
        Err(Failure::Content(diags)) => {
            diagnostics::print_all(&diags);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {n} problem{} found; nothing was written", if n == 1 { "" } else { "s" });
            1
        }
        Err(Failure::Fatal(f)) => fatal(&f),
    }
}

/// `check --format json`: `{"ok", "errors", "warnings", "diagnostics"}` on
/// stdout, each diagnostic with severity, file, line, column, message and
/// hint. Exit codes as for text.
fn check_json(opts: &Options, strict: bool) -> i32 {
    let (diags, mut code) = match pipeline::check(opts) {
        Ok(outcome) => (outcome.warnings, 0),
        Err(Failure::Content(diags)) => (diags, 1),
        Err(Failure::Fatal(f)) => (vec![diagnostics::Diagnostic::at_line(crate::config::FILE, 1, 1, f.to_string())], 2),
    };
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if code == 0 && strict && diags.len() > errors {
        code = 1;
    }
    let doc = serde_json::json!({
        "ok": code == 0,
        "errors": errors,
        "warnings": diags.len() - errors,
        "diagnostics": diags,
    });
    println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    code
}

/// `report`: the editorial report of the published site against `today`.
/// Content errors stop it as they stop `check` (exit 1).
fn report(root: PathBuf, format: Format, today: NaiveDate) -> Result<(), Failure> {
    let opts = Options { root, ..Options::default() };
    let (site, _, mut diags) = pipeline::model(&opts)?;
    pipeline::fail_on_errors(&mut diags)?;
    let report = crate::report::make(&site, Some(today));
    match format {
        Format::Text => print!("{}", crate::report::text::render(&report)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
    }
    Ok(())
}
