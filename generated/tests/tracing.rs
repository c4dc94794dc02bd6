//! The `tracing` feature: one span per call and per attempt with the operation, attempt number,
//! HTTP status and request id, a `retrying` event before each retry, and no credentials or
//! signatures anywhere in what a subscriber sees.

mod common;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use common::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

/// A span or event as the subscriber saw it: its name and every field recorded on it.
#[derive(Clone, Debug, Default)]
struct Seen {
    name: String,
    target: String,
    parent: Option<String>,
    fields: BTreeMap<String, String>,
}

#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<BTreeMap<u64, Seen>>>,
    events: Arc<Mutex<Vec<Seen>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(
            field.name().to_owned(),
            format!("{value:?}").trim_matches('"').to_owned(),
        );
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut seen = Seen {
            name: attrs.metadata().name().to_owned(),
            target: attrs.metadata().target().to_owned(),
            parent: ctx
                .span(id)
                .and_then(|s| s.parent())
                .map(|p| p.name().to_owned()),
            ..Seen::default()
        };
        attrs.record(&mut Fields(&mut seen.fields));
        self.spans.lock().unwrap().insert(id.into_u64(), seen);
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        if let Some(seen) = self.spans.lock().unwrap().get_mut(&id.into_u64()) {
            values.record(&mut Fields(&mut seen.fields));
        }
    }
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut seen = Seen {
            name: event.metadata().name().to_owned(),
            target: event.metadata().target().to_owned(),
            parent: ctx.event_span(event).map(|s| s.name().to_owned()),
            ..Seen::default()
        };
        event.record(&mut Fields(&mut seen.fields));
        self.events.lock().unwrap().push(seen);
    }
}

impl Capture {
    fn spans(&self, name: &str) -> Vec<Seen> {
        let spans = self.spans.lock().unwrap();
        spans.values().filter(|s| s.name == name).cloned().collect()
    }
    /// Everything recorded, as one text to search for secrets.
    fn all_text(&self) -> String {
        format!(
            "{:?}{:?}",
            self.spans.lock().unwrap(),
            self.events.lock().unwrap()
        )
    }
}

fn field<'a>(seen: &'a Seen, name: &str) -> &'a str {
    seen.fields
        .get(name)
        .unwrap_or_else(|| panic!("no field `{name}` in {seen:?}"))
}

#[tokio::test]
async fn a_retried_call_has_one_call_span_two_attempt_spans_and_a_retry_event() {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let mock = MockGateway::start(vec![
        Reply::raw(
            503,
            "application/json",
            gateway_error_json("503", "Service Unavailable", "try later"),
        )
        .with_header("x-ncp-request-id", "req-503"),
    ])
    .await;
    let client = mock.client();
    let detail = within(client.send(detail("5847"))).await.unwrap();
    assert_eq!(detail.request_id.as_deref(), Some("req-xml-0001"));

    let calls = capture.spans("ncloud.call");
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(field(call, "service"), "vserver");
    assert_eq!(field(call, "operation"), "getServerImageDetail");
    assert_eq!(field(call, "format"), "xml");
    assert_eq!(field(call, "attempts"), "2");
    assert_eq!(field(call, "http.status"), "200");
    assert_eq!(field(call, "request_id"), "req-xml-0001");
    assert!(!call.fields.contains_key("error"), "{call:?}");

    let attempts = capture.spans("ncloud.attempt");
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    let (first, second) = if field(&attempts[0], "attempt") == "1" {
        (&attempts[0], &attempts[1])
    } else {
        (&attempts[1], &attempts[0])
    };
    assert_eq!(first.parent.as_deref(), Some("ncloud.call"));
    assert_eq!(field(first, "http.status"), "503");
    assert_eq!(field(first, "request_id"), "req-503");
    assert!(
        field(first, "error").contains("Service Unavailable"),
        "{first:?}"
    );
    assert_eq!(field(second, "attempt"), "2");
    assert_eq!(field(second, "http.status"), "200");
    assert_eq!(field(second, "request_id"), "req-xml-0001");

    let events = capture.events.lock().unwrap().clone();
    let retries: Vec<_> = events.iter().filter(|e| e.target == "ncloud").collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    assert_eq!(field(retries[0], "message"), "retrying");
    assert_eq!(field(retries[0], "attempt"), "1");
    assert!(field(retries[0], "delay_ms").parse::<u64>().is_ok());
    assert_eq!(retries[0].parent.as_deref(), Some("ncloud.call"));

    let text = capture.all_text();
    let seen = mock.seen();
    assert!(!text.contains(SECRET_KEY), "the secret leaked: {text}");
    assert!(!text.contains(ACCESS_KEY), "the access key leaked: {text}");
    for request in &seen {
        assert!(
            !text.contains(&request.signature),
            "a signature leaked: {text}"
        );
    }
}

#[tokio::test]
async fn a_failed_call_records_the_error_kind_status_and_request_id() {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let body = r#"<responseError><returnCode>24300</returnCode><returnMessage>no such image</returnMessage></responseError>"#;
    let mock = MockGateway::start(vec![
        Reply::raw(400, "application/xml", body).with_header("x-ncp-request-id", "req-400"),
    ])
    .await;
    let error = within(mock.client().send(detail("1"))).await.unwrap_err();
    assert_eq!(error.status(), Some(400));

    let calls = capture.spans("ncloud.call");
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(field(&calls[0], "attempts"), "1");
    assert_eq!(field(&calls[0], "error"), "api");
    assert_eq!(field(&calls[0], "http.status"), "400");
    assert_eq!(field(&calls[0], "request_id"), "req-400");
    let events = capture.events.lock().unwrap().clone();
    assert!(
        events.iter().all(|e| e.target != "ncloud"),
        "no retry, so no event of ours: {events:?}"
    );
}

/// The API's own secrets (a private key sent with `getRootPassword`, the root password it
/// answers with) appear in no span, event, `Debug` output or error, on success or failure.
#[tokio::test]
async fn private_keys_and_root_passwords_never_reach_traces_debug_or_errors() {
    use ncloud_vserver::mock::{MockError, MockResponse, MockServer};
    use ncloud_vserver::operations::GetRootPasswordRequest;
    use ncloud_vserver::types::GetRootPasswordResponse;

    const PRIVATE_KEY: &str =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecretKEYmaterial\n-----END RSA PRIVATE KEY-----";
    const ROOT_PASSWORD: &str = "R00t-pa55word-S3cret";
    let leaks = |text: &str| text.contains("MIIEsecretKEYmaterial") || text.contains(ROOT_PASSWORD);

    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let mock = MockServer::start().await;
    let mut answer = GetRootPasswordResponse::default();
    answer.return_code = Some("0".to_owned());
    answer.root_password = Some(ROOT_PASSWORD.to_owned());
    mock.get_root_password().respond_with_sequence(vec![
        MockResponse::Output(answer),
        MockResponse::Error(MockError::api("1300001", "bad key").with_status(400)),
    ]);
    let client = mock.client();
    let request = GetRootPasswordRequest::builder()
        .server_instance_no("1234")
        .private_key(PRIVATE_KEY)
        .build()
        .unwrap();
    assert!(!leaks(&format!("{request:?}")), "{request:?}");
    let builder = client
        .get_root_password()
        .server_instance_no("1234")
        .private_key(PRIVATE_KEY);
    assert!(!leaks(&format!("{builder:?}")), "{builder:?}");

    let response = within(client.send(request.clone())).await.unwrap();
    assert_eq!(response.root_password.as_deref(), Some(ROOT_PASSWORD));
    assert!(!leaks(&format!("{response:?}")), "{response:?}");
    let error = within(client.send(request)).await.unwrap_err();
    assert!(!leaks(&format!("{error} {error:?}")), "{error:?}");

    // The key did reach the mock (so the scan above is not vacuous).
    let received = mock.get_root_password().requests();
    assert_eq!(received[0].private_key.as_deref(), Some(PRIVATE_KEY));
    let text = capture.all_text();
    assert!(!text.is_empty());
    assert!(!leaks(&text), "a secret reached a trace: {text}");
}
