//! The binary as an operator uses it: tenants from the command line, clear start-up errors.

use crate::helpers::{avanza, spawn_app};
use serde_json::Value;
use std::process::Command;

fn autolumiku(env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_autolumiku"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("DATABASE_MIGRATION_URL")
        .env_remove("REDIS_URL")
        .envs(env.iter().copied())
        .output()
        .expect("binary runs")
}

#[tokio::test]
async fn tenants_created_on_the_command_line_get_separate_keys() {
    let app = spawn_app().await;
    let (db, migration) = match (&app.app_url, &app.admin_url) {
        (Some(a), Some(m)) => (a.clone(), m.clone()),
        _ => {
            let url = app.store_url_for_cli();
            (url.clone(), url)
        }
    };
    let env = [
        ("DATABASE_URL", db.as_str()),
        ("DATABASE_MIGRATION_URL", migration.as_str()),
        ("RUST_LOG", "warn"),
    ];
    let mut keys = Vec::new();
    for slug in ["sinar-jaya", "berkah-motor"] {
        let out = autolumiku(&env, &["tenant", "create", "--slug", slug, "--name", "Showroom CLI"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        assert_eq!(json["slug"], slug);
        assert!(json["id"].is_string());
        keys.push(json["api_key"].as_str().expect("api key").to_owned());
    }
    let taken = autolumiku(&env, &["tenant", "create", "--slug", "sinar-jaya", "--name", "Lagi"]);
    assert!(!taken.status.success());
    assert!(String::from_utf8_lossy(&taken.stderr).contains("slug \"sinar-jaya\" is taken"));
    let listed = autolumiku(&env, &["tenant", "list"]);
    assert_eq!(String::from_utf8_lossy(&listed.stdout).lines().count(), 2);

    let post = app
        .client
        .post(app.url("/api/v1/vehicles"))
        .bearer_auth(&keys[0])
        .json(&avanza())
        .send()
        .await
        .expect("request");
    let id = post.json::<Value>().await.expect("json")["data"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let other = app
        .client
        .get(app.url(&format!("/api/v1/vehicles/{id}")))
        .bearer_auth(&keys[1])
        .send()
        .await
        .expect("request");
    assert_eq!(other.status(), 404);
    let own = app
        .client
        .get(app.url(&format!("/api/v1/vehicles/{id}")))
        .bearer_auth(&keys[0])
        .send()
        .await
        .expect("request");
    assert_eq!(own.status(), 200);
}

#[test]
fn a_bad_setting_fails_start_up_with_one_line_naming_it() {
    let out = autolumiku(&[("BIND", "port eighty")], &["migrate"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("autolumiku: configuration: BIND:"), "{stderr}");
}
