//! User-facing text through Fluent. Bundles are built once at start from the `.ftl` files
//! compiled into the binary; `id` is the default, `en` the alternative.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{LanguageIdentifier, langid};

/// The languages we speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Id => langid!("id"),
            Lang::En => langid!("en"),
        }
    }

    /// Picks from an `Accept-Language` header: English only when it is preferred over
    /// Indonesian; Indonesian otherwise.
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        let Some(header) = header else { return Lang::Id };
        for part in header.split(',') {
            let tag = part.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            if tag.starts_with("id") || tag.starts_with("in") {
                return Lang::Id;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Id
    }
}

/// Every `.ftl` file, by language; a new area adds one line per language here.
const SOURCES: &[(Lang, &str, &str)] = &[
    (Lang::Id, "errors.ftl", include_str!("../locales/id/errors.ftl")),
    (Lang::En, "errors.ftl", include_str!("../locales/en/errors.ftl")),
    (Lang::Id, "bot.ftl", include_str!("../locales/id/bot.ftl")),
    (Lang::En, "bot.ftl", include_str!("../locales/en/bot.ftl")),
    (Lang::Id, "catalog.ftl", include_str!("../locales/id/catalog.ftl")),
    (Lang::En, "catalog.ftl", include_str!("../locales/en/catalog.ftl")),
    (Lang::Id, "panel.ftl", include_str!("../locales/id/panel.ftl")),
    (Lang::En, "panel.ftl", include_str!("../locales/en/panel.ftl")),
];

/// Renders messages by key in a language.
pub struct Localizer {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer").finish_non_exhaustive()
    }
}

impl Localizer {
    /// Parses every embedded file; a syntax error or a duplicate key fails start-up.
    pub fn new() -> anyhow::Result<Self> {
        let mut bundles = Vec::new();
        for lang in Lang::ALL {
            let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
            // Direction-isolation marks would end up as invisible characters in chat and JSON.
            bundle.set_use_isolating(false);
            for (_, file, text) in SOURCES.iter().filter(|(l, _, _)| *l == lang) {
                let resource = FluentResource::try_new((*text).to_owned())
                    .map_err(|(_, errs)| anyhow::anyhow!("locales/{lang:?}/{file}: {errs:?}"))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errs| anyhow::anyhow!("locales/{lang:?}/{file}: {errs:?}"))?;
            }
            bundles.push((lang, bundle));
        }
        Ok(Localizer { bundles })
    }

    /// The message `key` in `lang` (falling back to Indonesian, then to the key itself, which
    /// the key-parity test keeps from ever happening).
    pub fn text(&self, lang: Lang, key: &str, args: &[(&str, String)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(value.as_str()));
        }
        for wanted in [lang, Lang::Id] {
            let Some((_, bundle)) = self.bundles.iter().find(|(l, _)| *l == wanted) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            return text.into_owned();
        }
        key.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::BTreeMap;

    fn variables(pattern: &ast::Pattern<&str>, out: &mut Vec<String>) {
        for element in &pattern.elements {
            let ast::PatternElement::Placeable { expression } = element else {
                continue;
            };
            let inline = match expression {
                ast::Expression::Inline(inline) => inline,
                ast::Expression::Select { selector, variants } => {
                    variants.iter().for_each(|v| variables(&v.value, out));
                    selector
                }
            };
            if let ast::InlineExpression::VariableReference { id } = inline {
                out.push(id.name.to_owned());
            }
        }
    }

    /// Message ids and the variables each uses, per file and language.
    fn keys(lang: Lang) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for (_, file, text) in SOURCES.iter().filter(|(l, _, _)| *l == lang) {
            let parsed = fluent_syntax::parser::parse(*text).expect("valid ftl");
            for entry in parsed.body {
                if let ast::Entry::Message(m) = entry {
                    let mut vars = Vec::new();
                    if let Some(value) = &m.value {
                        variables(value, &mut vars);
                    }
                    vars.sort();
                    vars.dedup();
                    out.insert(format!("{file}:{}", m.id.name), vars);
                }
            }
        }
        out
    }

    #[test]
    fn every_language_has_the_same_keys_and_variables() {
        assert_eq!(keys(Lang::Id), keys(Lang::En));
    }

    #[test]
    fn messages_render_without_isolation_marks() {
        let l = Localizer::new().expect("locales parse");
        let text = l.text(Lang::Id, "error-missing-field", &[("field", "price".into())]);
        assert_eq!(text, "Kolom price wajib diisi.");
        assert_eq!(
            l.text(Lang::En, "error-missing-field", &[("field", "year".into())]),
            "The field year is required."
        );
    }

    #[test]
    fn accept_language_prefers_indonesian() {
        assert_eq!(Lang::from_accept_language(None), Lang::Id);
        assert_eq!(Lang::from_accept_language(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("id-ID,en;q=0.5")), Lang::Id);
        assert_eq!(Lang::from_accept_language(Some("fr")), Lang::Id);
    }
}
