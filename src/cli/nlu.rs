//! `autolumiku nlu`: the intent engine on the command line. One message as an argument, or
//! one per line on stdin, answered as JSON Lines — the contract other tools rely on.

use crate::nlu::{self, Entities, Intent, Role};
use serde::Serialize;
use std::io::{BufRead, Write};

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    role: Role,
    intent: Intent,
    confidence: f64,
    entities: Entities,
}

fn answer(text: &str, role: Role) -> Line<'_> {
    let parse = nlu::parse(text, role);
    // Three decimals: enough to compare, and no float noise in the output.
    let confidence = (f64::from(parse.confidence) * 1000.0).round() / 1000.0;
    Line {
        text,
        role,
        intent: parse.intent,
        confidence,
        entities: parse.entities,
    }
}

/// Prints one JSON object for `text`, or streams stdin line by line when `text` is `None`.
/// Invalid UTF-8 on a line is replaced, never fatal; a reader that closes the pipe early
/// (`| head`) ends the stream quietly.
pub fn run(role: Role, text: Option<String>) -> anyhow::Result<()> {
    match stream(role, text) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn stream(role: Role, text: Option<String>) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(text) = text {
        serde_json::to_writer(&mut out, &answer(&text, role))?;
        writeln!(out)?;
        return out.flush();
    }
    let mut input = std::io::stdin().lock();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim_end_matches(['\n', '\r']);
        serde_json::to_writer(&mut out, &answer(line, role))?;
        writeln!(out)?;
    }
    out.flush()
}
