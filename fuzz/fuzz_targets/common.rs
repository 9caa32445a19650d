// Shared by the fuzz targets: a small site's configuration.

pub const SITE_YAML: &str = include_str!("../../tests/fixtures/basic/site.yaml");

#[allow(dead_code)]
pub fn config() -> &'static leidraad::config::SiteConfig {
    static CONFIG: std::sync::OnceLock<leidraad::config::SiteConfig> = std::sync::OnceLock::new();
    CONFIG.get_or_init(|| leidraad::config::parse(SITE_YAML, &Default::default()).expect("the fixture's site.yaml is valid"))
}
