//! All integration tests in one binary (so linking stays fast). Each test
//! copies a fixture site into a temp folder and runs the real `leidraad`
//! binary on it.

mod attack;
mod bind;
mod branding;
mod browser;
mod build;
mod bundled;
mod commands;
mod deploy;
mod edits;
mod invalid;
mod lifecycle;
mod search;
mod serve;
mod support;
mod theme;
