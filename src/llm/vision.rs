//! The optional vision suggestion: what car the first photo of a listing shows, asked of an
//! OpenAI-compatible model that reads images. Only a suggestion for staff to confirm; only a
//! model our vocabulary knows is taken, and nothing about price or condition is ever asked.

use super::{LlmError, LlmFallback};
use crate::inventory::Color;
use base64::Engine;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

const VISION_PROMPT: &str = include_str!("../../prompts/vision-identify.md");
pub(super) const VISION_TIMEOUT: Duration = Duration::from_secs(15);
const BODY_TYPES: &[&str] = &["mpv", "suv", "hatchback", "sedan", "pickup", "van", "coupe", "wagon"];

/// A checked suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarGuess {
    pub make: String,
    pub model: String,
    pub body_type: Option<String>,
    pub color: Option<Color>,
}

#[derive(Deserialize)]
struct Answer {
    model: Option<String>,
    body_type: Option<String>,
    color: Option<String>,
}

impl LlmFallback {
    /// Whether a vision model is configured.
    pub fn sees(&self) -> bool {
        self.vision_model.is_some()
    }

    /// The car a JPEG shows, when the model is confident and names a model we know.
    pub async fn identify_car(&self, jpeg: &[u8]) -> Result<Option<CarGuess>, LlmError> {
        let Some(model) = &self.vision_model else {
            return Ok(None);
        };
        if !self.breaker.allow() {
            return Err(LlmError::CircuitOpen);
        }
        let result = self.ask_vision(model, jpeg).await;
        self.breaker.record(result.is_ok());
        result
    }

    async fn ask_vision(&self, model: &str, jpeg: &[u8]) -> Result<Option<CarGuess>, LlmError> {
        let image = format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(jpeg)
        );
        let request = json!({
            "model": model,
            "temperature": 0,
            "stream": false,
            "response_format": { "type": "json_object" },
            "messages": [
                { "role": "system", "content": VISION_PROMPT },
                { "role": "user", "content": [
                    { "type": "text", "text": "Mobil apa ini?" },
                    { "type": "image_url", "image_url": { "url": image } },
                ] },
            ],
        });
        let answer: Answer = self.complete_json(request, VISION_TIMEOUT).await?;
        Ok(check(answer))
    }
}

/// Keeps only what our vocabulary can stand behind.
fn check(answer: Answer) -> Option<CarGuess> {
    let said = answer.model?;
    let parse = crate::nlu::parse(&said, crate::nlu::Role::Staff);
    let model = parse.entities.model?;
    let make = crate::nlu::make_for_model(&model)?.to_owned();
    let body_type = answer
        .body_type
        .map(|b| b.trim().to_lowercase())
        .filter(|b| BODY_TYPES.contains(&b.as_str()));
    let color = answer.color.and_then(|c| c.parse::<Color>().ok());
    Some(CarGuess {
        make,
        model,
        body_type,
        color,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(model: &str, body: &str, color: &str) -> Answer {
        Answer {
            model: Some(model.into()),
            body_type: Some(body.into()),
            color: Some(color.into()),
        }
    }

    #[test]
    fn only_known_models_and_closed_words_are_taken() {
        let guess = check(answer("Toyota Avanza", "MPV", "white")).expect("known");
        assert_eq!((guess.make.as_str(), guess.model.as_str()), ("Toyota", "Avanza"));
        assert_eq!(guess.body_type.as_deref(), Some("mpv"));
        assert_eq!(guess.color, Some(Color::Putih));
        assert_eq!(check(answer("Flying Saucer 3000", "ufo", "plaid")), None);
        let odd = check(answer("brio", "spaceship", "plaid")).expect("known model");
        assert_eq!((odd.body_type, odd.color), (None, None));
    }
}
