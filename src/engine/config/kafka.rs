//! Kafka as the run's broker (`broker: kafka`): its knobs live in
//! `engine::kafka::KafkaSettings` (Kafka 3.x defaults, ranges in
//! `kafka/settings.rs`); here, how a `Config` checks them and refuses the
//! settings that mean nothing under Kafka, by name.

#[cfg(feature = "kafka")]
use super::Assignment;
use super::{Config, ConfigError, KafkaSettings};
use crate::engine::kafka::OnRefuse;

pub(super) fn is_default(s: &KafkaSettings) -> bool {
    *s == KafkaSettings::default()
}

impl Config {
    /// Kafka's fields set away from their defaults, as a person writes them
    /// (the produce fault included: only Kafka has a producer).
    pub(super) fn kafka_changed(&self) -> Vec<&'static str> {
        let (s, d) = (&self.kafka, KafkaSettings::default());
        let mut out = Vec::new();
        if s.partitions != d.partitions {
            out.push("kafka.partitions");
        }
        if s.session_timeout_ms != d.session_timeout_ms {
            out.push("kafka.session_timeout_ms");
        }
        if s.heartbeat_interval_ms != d.heartbeat_interval_ms {
            out.push("kafka.heartbeat_interval_ms");
        }
        if s.on_refuse != d.on_refuse {
            out.push("kafka.on_refuse");
        }
        if s.offset_reset != d.offset_reset {
            out.push("kafka.offset_reset");
        }
        if s.idempotence != d.idempotence {
            out.push("kafka.idempotence");
        }
        if s.max_in_flight != d.max_in_flight {
            out.push("kafka.max_in_flight");
        }
        if self.faults.produce_retry_permille != 0 {
            out.push("faults.produce_retry_permille");
        }
        out
    }

    /// `changed` are `owner` knobs set under another broker: refused by
    /// name rather than ignored (a link that sets them means that broker).
    pub(super) fn other_brokers_knobs(
        &self,
        changed: Vec<&'static str>,
        owner: &str,
        name: &str,
    ) -> ConfigError {
        let one = changed.len() == 1;
        ConfigError::new(
            "broker",
            format!(
                "{} {} {owner}; set broker to {name}, or leave {} out",
                changed.join(", "),
                if one { "is" } else { "are" },
                if one { "it" } else { "them" },
            ),
        )
    }

    /// `broker: kafka`: its settings in range, and no knob of another
    /// broker's that a consumer group has no use for.
    #[cfg(feature = "kafka")]
    pub(super) fn check_kafka(&self) -> Result<(), ConfigError> {
        self.kafka.check().map_err(|m| {
            let field = m.split(' ').next().unwrap_or("");
            let field = match field {
                "on_refuse.backoff_ms" => "kafka.on_refuse.backoff_ms".to_owned(),
                f => format!("kafka.{f}"),
            };
            ConfigError::new(field, m)
        })?;
        let js = self.jetstream.changed();
        if !js.is_empty() {
            return Err(self.other_brokers_knobs(js, "JetStream's", "jetstream"));
        }
        if self.assignment != Assignment::RoundRobin {
            return Err(ConfigError::new(
                "assignment",
                "random is NATS Streaming's; under kafka each partition has one owner in the group (RangeAssignor)",
            ));
        }
        if self.manual_network {
            return Err(ConfigError::new(
                "manual_network",
                "\"You are the network\" runs NATS Streaming only for now; set broker to stan",
            ));
        }
        Ok(())
    }
}

/// `--on-refuse`'s words: the policy, with retry-in-place's backoff kept.
pub fn parse_on_refuse(word: &str, now: OnRefuse) -> Option<OnRefuse> {
    match word {
        "retry-in-place" => Some(match now {
            OnRefuse::RetryInPlace { .. } => now,
            OnRefuse::SkipAndCommit => OnRefuse::default(),
        }),
        "skip-and-commit" => Some(OnRefuse::SkipAndCommit),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::BrokerKind;
    use super::*;

    #[test]
    fn defaults_are_written_as_nothing_and_the_broker_as_kafka() {
        let c = Config::default();
        let json = serde_json::to_string(&c).unwrap();
        assert!(
            !json.contains("kafka") && !json.contains("produce_retry"),
            "{json}"
        );
        let k = Config {
            broker: BrokerKind::Kafka,
            ..Config::default()
        };
        let json = serde_json::to_string(&k).unwrap();
        assert!(json.contains(r#""broker":"kafka""#) && !json.contains("partitions"));
        assert_eq!(serde_json::from_str::<Config>(&json).unwrap(), k);
    }

    #[test]
    fn kafka_knobs_under_another_broker_are_refused_by_name() {
        let mut c = Config::default();
        c.kafka.partitions = 4;
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "broker: kafka.partitions is Kafka's; set broker to kafka, or leave it out"
        );
        c.broker = BrokerKind::Kafka;
        let built = cfg!(feature = "kafka");
        assert_eq!(c.validate().is_ok(), built);
        if built {
            c.kafka.partitions = 17;
            let e = c.validate().unwrap_err();
            assert_eq!(e.field, "kafka.partitions");
            c.kafka.partitions = 3;
            c.assignment = Assignment::Random;
            assert_eq!(c.validate().unwrap_err().field, "assignment");
            c.assignment = Assignment::RoundRobin;
            c.jetstream.max_ack_pending = 1;
            assert!(c
                .validate()
                .unwrap_err()
                .to_string()
                .contains("JetStream's"));
        }
    }

    #[test]
    fn on_refuse_reads_its_two_words() {
        let keep = OnRefuse::RetryInPlace { backoff_ms: 5 };
        assert_eq!(parse_on_refuse("retry-in-place", keep), Some(keep));
        assert_eq!(
            parse_on_refuse("skip-and-commit", keep),
            Some(OnRefuse::SkipAndCommit)
        );
        assert_eq!(parse_on_refuse("nack", keep), None);
    }
}
