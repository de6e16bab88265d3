//! The binary as an operator uses it: tenants from the command line, clear start-up errors.

use crate::helpers::{avanza, spawn_app};
use serde_json::Value;

/// Runs the binary from an async test without blocking the runtime: the test's own service
/// runs on the same thread, and a blocked thread could hold a database lock mid-transaction.
async fn autolumiku(env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    command(env, args).output().await.expect("binary runs")
}

/// The binary with these arguments and only these database settings.
fn command(env: &[(&str, &str)], args: &[&str]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_autolumiku"));
    command
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("DATABASE_MIGRATION_URL")
        .env_remove("REDIS_URL")
        .envs(env.iter().copied());
    command
}

/// The database the test's service uses, as URLs for the binary: (app role, owner).
fn database_urls(app: &crate::helpers::TestApp) -> (String, String) {
    match (&app.app_url, &app.admin_url) {
        (Some(a), Some(m)) => (a.clone(), m.clone()),
        _ => {
            let url = app.store_url_for_cli();
            (url.clone(), url)
        }
    }
}

#[tokio::test]
async fn tenants_created_on_the_command_line_get_separate_keys() {
    let app = spawn_app().await;
    let (db, migration) = database_urls(&app);
    let env = [
        ("DATABASE_URL", db.as_str()),
        ("DATABASE_MIGRATION_URL", migration.as_str()),
        ("RUST_LOG", "warn"),
    ];
    let mut keys = Vec::new();
    for slug in ["sinar-jaya", "berkah-motor"] {
        let out = autolumiku(&env, &["tenant", "create", "--slug", slug, "--name", "Showroom CLI"]).await;
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        assert_eq!(json["slug"], slug);
        assert!(json["id"].is_string());
        keys.push(json["api_key"].as_str().expect("api key").to_owned());
    }
    let taken = autolumiku(&env, &["tenant", "create", "--slug", "sinar-jaya", "--name", "Lagi"]).await;
    assert!(!taken.status.success());
    assert!(String::from_utf8_lossy(&taken.stderr).contains("slug \"sinar-jaya\" is taken"));
    let listed = autolumiku(&env, &["tenant", "list"]).await;
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

#[tokio::test]
async fn a_bad_setting_fails_start_up_with_one_line_naming_it() {
    let out = autolumiku(&[("BIND", "port eighty")], &["migrate"]).await;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("autolumiku: configuration: BIND:"), "{stderr}");
}

#[tokio::test]
async fn a_piped_chat_script_gets_each_reply_before_the_next_line() {
    let app = spawn_app().await;
    let (db, migration) = database_urls(&app);
    app.create_tenant("sinar-jaya").await;
    let env = [
        ("DATABASE_URL", db.as_str()),
        ("DATABASE_MIGRATION_URL", migration.as_str()),
        ("RUST_LOG", "warn"),
    ];
    let staff = autolumiku(
        &env,
        &[
            "staff",
            "add",
            "--tenant",
            "sinar-jaya",
            "--name",
            "Budi",
            "--phone",
            "0812-3456-7890",
        ],
    )
    .await;
    assert!(staff.status.success(), "{}", String::from_utf8_lossy(&staff.stderr));

    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_autolumiku"))
        .args([
            "chat",
            "--tenant",
            "sinar-jaya",
            "--as",
            "staff",
            "--phone",
            "+62 812 3456 7890",
        ])
        .env_remove("REDIS_URL")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("chat starts");
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().expect("stdin");
        let script = b"Brio 2020 120jt hitam matic km 30rb\n\nya\nBRI-0001 udh laku\n";
        stdin.write_all(script).await.expect("write");
    }
    let out = child.wait_with_output().await.expect("chat ends");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Each reply starts with "bot> " (a card continues on the lines after it).
    let replies: Vec<&str> = stdout.split("bot> ").skip(1).collect();
    assert_eq!(replies.len(), 3, "{stdout}");
    assert!(
        replies[0].contains("Cek dulu") && replies[0].contains("Rp 120 jt"),
        "{stdout}"
    );
    assert!(
        replies[1].contains("Terpasang") && replies[1].contains("BRI-0001"),
        "{stdout}"
    );
    assert!(replies[2].contains("terjual"), "{stdout}");
}

#[tokio::test]
async fn only_registered_staff_may_chat_as_staff() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let env = [("DATABASE_URL", url.as_str()), ("RUST_LOG", "warn")];
    assert!(
        autolumiku(&env, &["tenant", "create", "--slug", "maju-mobil", "--name", "Maju"])
            .await
            .status
            .success()
    );
    let out = autolumiku(
        &env,
        &[
            "chat",
            "--tenant",
            "maju-mobil",
            "--as",
            "staff",
            "--phone",
            "0899 1111 2222",
        ],
    )
    .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a staff phone"));
}

/// Runs the binary with `stdin` fed to it.
async fn autolumiku_with_input(env: &[(&str, &str)], args: &[&str], stdin: &str) -> std::process::Output {
    use tokio::io::AsyncWriteExt;
    let mut child = command(env, args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).await.expect("write stdin");
    drop(input);
    child.wait_with_output().await.expect("binary ends")
}

#[tokio::test]
async fn super_admins_and_showroom_logins_come_from_the_command_line() {
    let app = spawn_app().await;
    let (db, migration) = database_urls(&app);
    let env = [
        ("DATABASE_URL", db.as_str()),
        ("DATABASE_MIGRATION_URL", migration.as_str()),
        ("RUST_LOG", "warn"),
    ];
    let args = ["admin", "create-superadmin", "--email", "Root@Platform.id"];
    let weak = autolumiku_with_input(&env, &args, "pendek\n").await;
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password refused"));
    let made = autolumiku_with_input(&env, &args, "kunci-platform-rahasia\n").await;
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let json: Value = serde_json::from_slice(&made.stdout).expect("one JSON object");
    assert_eq!(json["email"], "root@platform.id");
    let again = autolumiku_with_input(&env, &args, "kunci-platform-rahasia\n").await;
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has a login"));
    let account = app
        .store
        .account_by_email("root@platform.id")
        .await
        .unwrap()
        .expect("stored");
    assert!(account.tenant.is_none(), "a super admin belongs to no showroom");
    let hash = account.password_hash.expect("hash");
    assert!(hash.starts_with("$argon2id$") && !hash.contains("kunci-platform-rahasia"));

    app.create_tenant("maju-motor").await;
    let out = autolumiku(
        &env,
        &[
            "user",
            "create",
            "--tenant",
            "maju-motor",
            "--email",
            "sari@maju.id",
            "--role",
            "owner",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let link = json["setup_link"].as_str().expect("setup link");
    let path = link.split_once("/setup/").map(|(_, t)| format!("/setup/{t}")).unwrap();
    let page = reqwest::get(app.url(&path)).await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("sari@maju.id"));
}

#[tokio::test]
async fn secrets_rotate_seals_every_secret_under_a_new_key_and_keeps_the_old_one_for_opening() {
    let app = spawn_app().await;
    let t = app.create_tenant("kunci-baru").await;
    let update = autolumiku::store::ChannelUpdate {
        whatsapp_phone_number_id: Some("4445556667".into()),
        whatsapp_access_token: Some("EAAG-rotate-me".into()),
        ..Default::default()
    };
    app.store
        .update_channels(t.id, &update, autolumiku::domain::utc_now())
        .await
        .expect("channels");
    let key_file = app.data_dir().join("secret.key");
    let before = autolumiku::vault::Vault::from_file(&key_file).expect("key file");
    let (db, migration) = database_urls(&app);
    let key_file_text = key_file.display().to_string();
    let env = [
        ("DATABASE_URL", db.as_str()),
        ("DATABASE_MIGRATION_URL", migration.as_str()),
        ("SECRET_KEY_FILE", key_file_text.as_str()),
        ("RUST_LOG", "warn"),
    ];
    let out = autolumiku(&env, &["secrets", "rotate"]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert!(json["secrets_resealed"].as_u64().unwrap_or(0) >= 1, "{json}");
    let after = autolumiku::vault::Vault::from_file(&key_file).expect("key file");
    assert_ne!(after.current_id(), before.current_id());
    assert_eq!(json["key"], after.current_id());
    let raw = crate::trust::RawDb::open(&app).await;
    let stored = raw
        .text("SELECT whatsapp_access_token FROM tenant_channels")
        .await
        .concat();
    assert!(after.is_current(&stored), "sealed under the new key");
    assert_eq!(
        after.open("tenant_channels.whatsapp_access_token", &stored).as_deref(),
        Ok("EAAG-rotate-me")
    );
    assert!(
        before.open("tenant_channels.whatsapp_access_token", &stored).is_err(),
        "the old key alone no longer opens it"
    );
    let new_key = autolumiku(&env, &["secrets", "new-key"]).await;
    let text = String::from_utf8_lossy(&new_key.stdout).trim().to_owned();
    assert!(autolumiku::vault::Vault::from_keys(&[text]).is_ok());
}
