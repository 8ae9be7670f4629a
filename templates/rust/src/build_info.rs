//! Build metadata of the binary: the crate version, and the commit and build time that the image
//! build passes to cargo as the `IMAGE_REVISION` and `IMAGE_CREATED` build arguments. A plain
//! `cargo build` leaves both `unknown` unless those variables are set.

use serde::Serialize;

/// Version, commit and build time of this binary, as `/version` returns them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BuildInfo {
    pub name: &'static str,
    pub version: &'static str,
    /// Commit the binary was built from.
    pub revision: &'static str,
    /// Build time, RFC 3339 in UTC.
    pub created: &'static str,
}

/// Metadata of this binary. cargo rebuilds the crate when `IMAGE_REVISION` or `IMAGE_CREATED` change.
pub const BUILD_INFO: BuildInfo = BuildInfo {
    name: env!("CARGO_PKG_NAME"),
    version: env!("CARGO_PKG_VERSION"),
    revision: known_or_unknown(option_env!("IMAGE_REVISION")),
    created: known_or_unknown(option_env!("IMAGE_CREATED")),
};

const fn known_or_unknown(value: Option<&'static str>) -> &'static str {
    match value {
        Some(text) if !text.is_empty() => text,
        _ => "unknown",
    }
}

impl BuildInfo {
    /// Version for the MCP server info: the crate version, plus the commit as SemVer build
    /// metadata when it is known, such as `0.1.0+0123456789ab`.
    pub fn server_version(&self) -> String {
        if self.revision == "unknown" {
            self.version.to_owned()
        } else {
            let short: String = self.revision.chars().take(12).collect();
            format!("{}+{short}", self.version)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_revision_keeps_the_crate_version() {
        let info = BuildInfo {
            revision: "unknown",
            ..BUILD_INFO
        };
        assert_eq!(info.server_version(), BUILD_INFO.version);
    }

    #[test]
    fn known_revision_becomes_build_metadata() {
        let info = BuildInfo {
            revision: "0123456789abcdef",
            ..BUILD_INFO
        };
        assert_eq!(
            info.server_version(),
            format!("{}+0123456789ab", BUILD_INFO.version)
        );
    }

    #[test]
    fn empty_build_argument_counts_as_unknown() {
        assert_eq!(known_or_unknown(Some("")), "unknown");
        assert_eq!(known_or_unknown(None), "unknown");
        assert_eq!(known_or_unknown(Some("abc")), "abc");
    }
}
