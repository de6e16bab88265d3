//! The optional OpenAI-compatible LLM: a second opinion on messages the rules are unsure
//! of. Any base URL (`LLM_BASE_URL`), a hard timeout, a circuit breaker, and strict checking
//! of what comes back — a slow, failing or malformed answer leaves the rule result in place.

mod breaker;
mod vision;

pub use breaker::CircuitBreaker;
pub use vision::CarGuess;

use crate::nlu::{Entities, Intent, Parse, Role};
use async_openai::Client;
use async_openai::config::OpenAIConfig;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;

const FALLBACK_PROMPT: &str = include_str!("../prompts/nlu-fallback.md");

/// How sure a reading is when the LLM chose the intent: enough to act on, below any rule
/// reading with a clear winner.
const LLM_CONFIDENCE: f32 = 0.7;

/// Where the LLM is and how long to wait for it.
#[derive(Debug, Clone)]
pub struct LlmSettings {
    pub base_url: String,
    pub api_key: SecretString,
    pub model: String,
    pub timeout: Duration,
    /// A model that reads images, for suggesting the car in a listing's first photo.
    pub vision_model: Option<String>,
}

/// Why an LLM answer was not used. Logged, never shown to users.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("circuit open after repeated failures")]
    CircuitOpen,
    #[error("no answer within the timeout")]
    Timeout,
    #[error("request failed: {0}")]
    Request(String),
    #[error("answer is not the JSON we asked for: {0}")]
    Malformed(String),
    #[error("intent {0:?} is not for this sender")]
    WrongRole(Intent),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    intent: Intent,
    #[serde(default)]
    entities: Entities,
}

/// The fallback reader.
pub struct LlmFallback {
    client: Client<OpenAIConfig>,
    model: String,
    timeout: Duration,
    breaker: CircuitBreaker,
    vision_model: Option<String>,
}

impl LlmFallback {
    /// Whether repeated failures have stopped calls for now.
    pub fn is_circuit_open(&self) -> bool {
        self.breaker.is_open()
    }

    pub fn new(settings: &LlmSettings) -> anyhow::Result<Self> {
        crate::tls::install_crypto_provider();
        let config = OpenAIConfig::new()
            .with_api_base(settings.base_url.trim_end_matches('/'))
            .with_api_key(settings.api_key.expose_secret());
        // Reading an image takes longer than reading a line: the client allows it, and each
        // call keeps its own deadline.
        let http = reqwest::Client::builder()
            .timeout(settings.timeout.max(vision::VISION_TIMEOUT))
            .build()?;
        Ok(LlmFallback {
            client: Client::with_config(config).with_http_client(http),
            model: settings.model.clone(),
            timeout: settings.timeout,
            breaker: CircuitBreaker::new(3, Duration::from_secs(30)),
            vision_model: settings.vision_model.clone(),
        })
    }

    /// The LLM's reading of `text`, checked against our types and the sender's role.
    pub async fn read(&self, text: &str, role: Role) -> Result<LlmReading, LlmError> {
        if !self.breaker.allow() {
            return Err(LlmError::CircuitOpen);
        }
        let result = self.ask(text, role).await;
        self.breaker.record(result.is_ok());
        result
    }

    async fn ask(&self, text: &str, role: Role) -> Result<LlmReading, LlmError> {
        let role_word = match role {
            Role::Staff => "staff",
            Role::Customer => "customer",
        };
        let request = json!({
            "model": self.model,
            "temperature": 0,
            "stream": false,
            "response_format": { "type": "json_object" },
            "messages": [
                { "role": "system", "content": FALLBACK_PROMPT },
                { "role": "user", "content": format!("role: {role_word}\nmessage: {text}") },
            ],
        });
        let answer: Answer = self.complete_json(request, self.timeout).await?;
        if answer.intent.role().is_some_and(|r| r != role) {
            return Err(LlmError::WrongRole(answer.intent));
        }
        Ok(LlmReading {
            intent: answer.intent,
            entities: answer.entities,
        })
    }
}

impl LlmFallback {
    /// Sends one chat completion and reads its message as the JSON type asked for.
    async fn complete_json<T: serde::de::DeserializeOwned>(
        &self,
        request: Value,
        timeout: Duration,
    ) -> Result<T, LlmError> {
        let chat = self.client.chat();
        let response = tokio::time::timeout(timeout, chat.create_byot::<Value, Value>(request))
            .await
            .map_err(|_| LlmError::Timeout)?
            .map_err(|e| LlmError::Request(e.to_string()))?;
        let content = response["choices"][0]["message"]["content"]
            .as_str()
            .ok_or_else(|| LlmError::Malformed("no message content".into()))?;
        serde_json::from_str(strip_fence(content)).map_err(|e| LlmError::Malformed(e.to_string()))
    }
}

/// A checked LLM reading.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmReading {
    pub intent: Intent,
    pub entities: Entities,
}

/// Some servers wrap JSON in a Markdown fence despite `json_object`.
fn strip_fence(content: &str) -> &str {
    let trimmed = content.trim();
    trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|s| s.strip_suffix("```"))
        .map_or(trimmed, str::trim)
}

/// Reads a message: the rules first; when they are unsure and an LLM is configured, its
/// reading of the intent. Any LLM trouble leaves the rule reading, logged once.
pub async fn understand(text: &str, role: Role, llm: Option<&LlmFallback>) -> Parse {
    let rules = crate::nlu::parse(text, role);
    let Some(llm) = llm.filter(|_| rules.confidence < crate::nlu::CLARIFY_BELOW) else {
        return rules;
    };
    match llm.read(text, role).await {
        Ok(reading) => merge(rules, reading),
        Err(e) => {
            tracing::warn!(llm.error = %e, "LLM fallback not used");
            rules
        }
    }
}

/// Combines the rule reading with the LLM's: the LLM picks the intent; entities stay the
/// rules' (they are read from the text itself), except a status for a status change, which
/// the rules may have left out.
pub fn merge(rules: Parse, llm: LlmReading) -> Parse {
    let mut entities = rules.entities;
    if llm.intent == Intent::UpdateStatus && entities.status.is_none() {
        entities.status = llm.entities.status;
    }
    if llm.intent != Intent::UpdateStatus {
        entities.status = None;
    }
    Parse {
        intent: llm.intent,
        confidence: LLM_CONFIDENCE,
        entities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenced_json_is_unwrapped() {
        assert_eq!(strip_fence("```json\n{\"a\":1}\n```"), "{\"a\":1}");
        assert_eq!(strip_fence(" {\"a\":1} "), "{\"a\":1}");
    }

    #[test]
    fn merging_keeps_the_rules_entities() {
        let rules = crate::nlu::parse("avanza yg kemarin itu", Role::Staff);
        let llm = LlmReading {
            intent: Intent::CheckInventory,
            entities: Entities {
                price: Some(1),
                ..Entities::default()
            },
        };
        let merged = merge(rules.clone(), llm);
        assert_eq!(merged.intent, Intent::CheckInventory);
        assert_eq!(merged.entities, rules.entities);
        assert_eq!(merged.confidence, LLM_CONFIDENCE);
    }
}
