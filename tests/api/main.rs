//! Whole-service tests: each spawns the app on a random port against a fresh database —
//! SQLite by default, PostgreSQL when `TEST_DATABASE_URL` is set, with Redis when
//! `TEST_REDIS_URL` is set. One test body, every backend.

// Test fixtures fail loudly: a broken fixture is a failed test, not an input to handle.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod helpers;

mod assistant;
mod browser;
mod catalog;
mod cli;
mod errors;
mod events;
mod isolation;
mod llm;
mod ops;
mod panel;
mod panel_matrix;
mod photos;
mod pipeline;
mod telegram;
mod trust;
mod vehicles;
mod whatsapp;
