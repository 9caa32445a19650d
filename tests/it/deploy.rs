//! What the output needs on a web server: the `web.config` a build writes
//! for IIS, checked against the files a real build wrote, and the
//! documented nginx and Apache configurations (docs/deploy/).

use std::collections::BTreeSet;

use crate::support::Site;

/// The extensions of the files in a built site that a server would serve.
fn output_extensions(site: &Site) -> BTreeSet<String> {
    site.snapshot("public").keys().filter_map(|p| leidraad::deploy::extension(p)).collect()
}

#[test]
fn web_config_maps_every_extension_the_output_has_after_removing_it() {
    let site = Site::fixture("basic");
    // An asset of a kind IIS does not know, beside an article.
    site.write("articles/team/rooster.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n");
    site.build(&["--base-url", "https://intranet.example.nl/hr/kb/"]).ok();
    let text = site.read("public/web.config");
    let doc = roxmltree::Document::parse(&text).expect("web.config is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "configuration");
    let server = root.children().find(|n| n.has_tag_name("system.webServer")).expect("system.webServer");
    let content = server.children().find(|n| n.has_tag_name("staticContent")).expect("staticContent");

    let mut removed = BTreeSet::new();
    let mut mapped = BTreeSet::new();
    for node in content.children().filter(roxmltree::Node::is_element) {
        let ext = node.attribute("fileExtension").map(|e| e.trim_start_matches('.').to_string());
        match node.tag_name().name() {
            "remove" => {
                removed.insert(ext.unwrap());
            }
            "mimeMap" => {
                let ext = ext.unwrap();
                assert!(removed.contains(&ext), "mimeMap for .{ext} without a remove before it (IIS: 500.19)");
                assert!(!node.attribute("mimeType").unwrap_or("").is_empty(), ".{ext} has no type");
                mapped.insert(ext);
            }
            _ => {}
        }
    }
    let actual = output_extensions(&site);
    for ext in ["pf_meta", "pf_fragment", "pf_index", "pf_filter", "pagefind", "ics", "svg", "html", "xml"] {
        assert!(actual.contains(ext), "the build wrote no .{ext} file: {actual:?}");
    }
    assert_eq!(mapped, actual, "web.config maps exactly the extensions of the files written");

    // The 404 page, under the base path, exists.
    let errors = server.children().find(|n| n.has_tag_name("httpErrors")).expect("httpErrors");
    let error = errors.children().find(|n| n.has_tag_name("error")).unwrap();
    assert_eq!(error.attribute("statusCode"), Some("404"));
    assert_eq!(error.attribute("path"), Some("/hr/kb/404.html"));
    assert!(site.exists("public/404.html"));

    // The security policy is the one the theme is tested under.
    let csp = server
        .descendants()
        .find(|n| n.has_tag_name("add") && n.attribute("name") == Some("Content-Security-Policy"))
        .and_then(|n| n.attribute("value"));
    assert_eq!(csp, Some(leidraad::deploy::CSP));

    // It is the build's own file: listed in the manifest, so the next build
    // over this output is accepted and writes the same bytes.
    assert!(site.read("public/.leidraad-manifest").lines().any(|l| l == "web.config"));
    let before = site.snapshot("public");
    site.build(&["--base-url", "https://intranet.example.nl/hr/kb/"]).ok();
    assert_eq!(site.snapshot("public").get("web.config"), before.get("web.config"));
}

#[test]
fn a_sites_own_web_config_is_published_instead() {
    let site = Site::fixture("basic");
    site.write("static/web.config", "<configuration><!-- ours --></configuration>\n");
    site.build(&["--no-search"]).ok();
    assert_eq!(site.read("public/web.config"), "<configuration><!-- ours --></configuration>\n");
}

#[test]
fn the_documented_server_configurations_send_the_same_policy() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy");
    for file in ["nginx.conf", "apache.conf"] {
        let text = std::fs::read_to_string(docs.join(file)).unwrap();
        assert!(text.contains(leidraad::deploy::CSP), "{file} sends another Content-Security-Policy than web.config");
        for ext in leidraad::deploy::SEARCH_EXTENSIONS.iter().filter(|e| e.starts_with("pf") || **e == "pagefind") {
            assert!(text.contains(ext), "{file} has no MIME type for .{ext}");
        }
    }
}

/// The `href`, `src` and `action` values of a page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\""] {
        out.extend(html.split(attr).skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_string));
    }
    out
}

#[test]
fn a_portable_build_links_relatively_to_files_that_exist_and_is_the_same_every_time() {
    let site = Site::fixture("basic");
    site.build(&["--portable", "--base-url", "https://intranet.example.nl/hr/kb/"]).ok();
    let out = site.root().join("public");
    let files = site.snapshot("public");
    let mut checked = 0;
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html") && !p.starts_with("pagefind/")) {
        let html = String::from_utf8_lossy(bytes);
        for link in links(&html) {
            if link.starts_with("https://e") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            assert!(!link.starts_with('/') && !link.contains("intranet.example.nl"), "{page}: {link} is not relative");
            let path = link.split(['?', '#']).next().unwrap();
            let path = percent_encoding::percent_decode_str(path).decode_utf8().unwrap();
            let target = out.join(page).parent().unwrap().join(path.as_ref());
            assert!(target.is_file(), "{page}: {link} names no file");
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} links");
    // The search page loads the shim; the bundle has its script copies.
    let search = site.read("public/zoeken/index.html");
    assert!(search.contains("<script src=\"../pagefind/portable/shim.js\"></script>"));
    assert!(files.keys().any(|p| p.starts_with("pagefind/portable/fragment/") && p.ends_with(".pf_fragment.js")));
    assert!(site.read("public/.leidraad-manifest").lines().any(|l| l == "pagefind/portable/pagefind.js.js"));

    // Same input, same bytes (into another folder, and over itself).
    let again = Site::fixture("basic");
    again.build(&["--portable", "--base-url", "https://intranet.example.nl/hr/kb/"]).ok();
    assert_eq!(again.snapshot("public"), files);
    site.build(&["--portable", "--base-url", "https://intranet.example.nl/hr/kb/"]).ok();
    assert_eq!(site.snapshot("public"), files);

    // A plain build over it leaves no portable files behind.
    site.build(&["--base-url", "https://intranet.example.nl/hr/kb/"]).ok();
    let plain = site.snapshot("public");
    assert!(!plain.keys().any(|p| p.starts_with("pagefind/portable/")), "portable files left");
    assert!(!site.read("public/.leidraad-manifest").contains("pagefind/portable/"));
    assert!(site.read("public/zoeken/index.html").contains("href=\"/hr/kb/"), "a plain build links by path again");
}

#[test]
fn a_portable_build_without_search_rewrites_links_only() {
    let site = Site::fixture("basic");
    let run = site.build(&["--portable", "--no-search"]);
    run.ok();
    assert!(run.stdout().contains("Portable:"), "{}", run.stdout());
    assert!(!site.exists("public/pagefind"));
    let home = site.read("public/index.html");
    assert!(home.contains("href=\"./team/knikkerpot/index.html\""), "home links: {:?}", links(&home));
}

#[test]
fn web_config_is_the_same_with_and_without_the_search_index() {
    let site = Site::fixture("basic");
    site.build(&["--no-search"]).ok();
    let without = site.read("public/web.config");
    site.build(&[]).ok();
    assert_eq!(site.read("public/web.config"), without, "serve (which always indexes) must serve what any build writes");
    assert!(without.contains(".pf_fragment"));
}
