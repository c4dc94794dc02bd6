//! The generator rejects what breaks the spec conventions (`docs/design.md` §1), naming the JSON
//! pointer of every problem; generator-only, so these run without building the runtime or any
//! generated crate.

use codegen::Settings;

// ------------------------------------------------------------------------------------------
// Rejected specs
// ------------------------------------------------------------------------------------------

/// A valid spec with one operation, `getThing`; `extra_params` and `extra_schemas` are spliced
/// into its parameter list and schemas (YAML, already indented).
fn spec(extra_params: &str, extra_schemas: &str) -> String {
    format!(
        r#"openapi: 3.0.3
info: {{title: Bad, version: '1'}}
servers: [{{url: 'https://gw.example.com/bad/v1'}}]
paths:
  /getThing:
    get:
      operationId: getThing
      summary: Get a thing.
      description: Gets a thing.
      parameters:
{extra_params}        - name: responseFormatType
          in: query
          description: Response format.
          schema: {{$ref: '#/components/schemas/ResponseFormatType'}}
      responses:
        '200':
          description: The thing.
          content:
            application/xml:
              schema: {{$ref: '#/components/schemas/GetThingResponse'}}
            application/json:
              schema: {{$ref: '#/components/schemas/GetThingJsonResponse'}}
        default:
          description: An error.
          content:
            application/xml:
              schema: {{$ref: '#/components/schemas/ResponseError'}}
components:
  schemas:
    ResponseFormatType:
      type: string
      description: Response format.
      enum: [xml, json]
    GetThingResponse:
      type: object
      description: The result.
      xml: {{name: getThingResponse}}
      properties:
        returnCode: {{type: string, description: Result code.}}
    GetThingJsonResponse:
      type: object
      description: JSON form.
      required: [getThingResponse]
      properties:
        getThingResponse: {{$ref: '#/components/schemas/GetThingResponse', description: The result.}}
    ResponseError:
      x-ncp-runtime-type: ResponseError
      type: object
      description: An error.
      properties:
        returnCode: {{type: string, description: Code.}}
        returnMessage: {{type: string, description: Message.}}
    ResponseErrorJsonResponse:
      x-ncp-runtime-type: ResponseErrorJsonResponse
      type: object
      description: JSON form of an error.
      properties:
        responseError: {{$ref: '#/components/schemas/ResponseError', description: The error.}}
    GatewayErrorResponse:
      x-ncp-runtime-type: GatewayErrorResponse
      type: object
      description: A gateway error.
      properties:
        error: {{$ref: '#/components/schemas/GatewayErrorDetail', description: The error.}}
    GatewayErrorDetail:
      x-ncp-runtime-type: GatewayErrorDetail
      type: object
      description: Gateway error details.
      properties:
        errorCode: {{type: string, description: Code.}}
        message: {{type: string, description: Message.}}
        details: {{type: string, description: Details.}}
        requestId: {{type: string, description: Request id.}}
{extra_schemas}"#
    )
}

fn generate(text: &str) -> Result<Vec<codegen::OutputFile>, codegen::Error> {
    codegen::Generator::new(
        Settings::new()
            .with_spec_label("bad.yaml")
            .with_fluent(false)
            .with_mod_rs(true)
            .with_mock(true),
    )
    .generate_str(text, "bad.yaml")
}

fn errors(text: &str) -> String {
    match generate(text) {
        Ok(_) => panic!("the spec was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_base_of_the_rejection_tests_is_valid() {
    generate(&spec("", "")).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn unsupported_schemas_are_rejected_with_their_pointers() {
    let text = errors(&spec(
        "",
        r#"    Bad:
      type: object
      description: A bad object.
      properties:
        state:
          type: string
          description: An inline enum.
          enum: [A, B]
        noDoc:
          type: string
        either:
          description: anyOf.
          anyOf:
            - type: string
            - type: integer
        things:
          type: array
          description: Items without an XML name.
          xml: {wrapped: true}
          items: {type: string}
        when:
          type: string
          format: date
          description: An unknown format.
        map:
          type: object
          description: A map.
          additionalProperties: {type: string}
        choice:
          description: A oneOf that is not a lenient scalar.
          oneOf:
            - type: string
            - type: boolean
"#,
    ));
    for expected in [
        "#/components/schemas/Bad/properties/state: inline enums are not supported",
        "#/components/schemas/Bad/properties/noDoc: a property needs a `description`",
        "#/components/schemas/Bad/properties/either: `anyOf` is not supported",
        "#/components/schemas/Bad/properties/things/items: array items need `xml.name`",
        "#/components/schemas/Bad/properties/when: string format `date` is not supported",
        "#/components/schemas/Bad/properties/map: `additionalProperties` is not supported",
        "#/components/schemas/Bad/properties/choice: `oneOf` is only supported as a lenient scalar",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    assert!(
        text.starts_with("bad.yaml: 7 problems in the spec:"),
        "{text}"
    );
}

#[test]
fn bad_operations_are_rejected_with_their_pointers() {
    let text = errors(&spec(
        r#"        - name: pageNo
          in: query
          x-ncp-requires: [pageSize]
          schema: {type: integer, format: int32}
        - name: region
          in: header
          description: Not a query parameter.
          schema: {type: string}
        - name: filter
          in: query
          description: An object parameter.
          schema: {$ref: '#/components/schemas/GetThingResponse'}
        - name: list
          in: query
          description: A list of lists.
          schema:
            type: array
            items: {type: array, items: {type: string}}
"#,
        "",
    ));
    for expected in [
        "#/paths/~1getThing/get/parameters/0: a parameter needs a `description`",
        "#/paths/~1getThing/get/parameters/0/x-ncp-requires/0: `pageSize` is not a parameter of this operation",
        "#/paths/~1getThing/get/parameters/1: only `in: query` parameters are supported",
        "#/paths/~1getThing/get/parameters/2/schema: object parameters are only supported as list items",
        "#/paths/~1getThing/get/parameters/3/schema/items: lists of lists are not supported",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn the_success_response_is_200_or_2xx() {
    let base = spec("", "");
    let ok = "        '200':\n          description: The thing.\n";
    assert!(base.contains(ok));
    let range = base.replace(ok, &ok.replace("'200'", "'2XX'"));
    generate(&range).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        generate(&range).unwrap(),
        generate(&base).unwrap(),
        "`200` and `2XX` generate alike"
    );

    let both = base.replace(
        ok,
        &format!("        '2XX':\n          description: Also the thing.\n{ok}"),
    );
    let text = errors(&both);
    assert!(
        text.contains("#/paths/~1getThing/get/responses: use one of `200` and `2XX`, not both"),
        "{text}"
    );
    let neither = base.replace(ok, &ok.replace("'200'", "'201'"));
    let text = errors(&neither);
    for expected in [
        "#/paths/~1getThing/get/responses: unsupported keyword `201` here",
        "#/paths/~1getThing/get/responses: an operation needs a `200` (or `2XX`) response",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn bad_pagination_is_rejected_with_its_pointers() {
    let base = spec(
        r#"        - name: pageNo
          in: query
          description: Page number.
          schema: {type: integer, format: int32}
        - name: pageSize
          in: query
          description: Page size without a maximum.
          schema: {type: integer, format: int32}
"#,
        "",
    );
    let with = |pagination: &str| {
        base.replace(
            "      description: Gets a thing.\n",
            &format!("      description: Gets a thing.\n      x-ncp-pagination: {pagination}\n"),
        )
    };
    let text = errors(&with(
        "{pageNo: page, pageSize: pageSize, items: returnCode, totalRows: nothing, extra: 1}",
    ));
    for expected in [
        "#/paths/~1getThing/get/x-ncp-pagination/extra: unknown key",
        "#/paths/~1getThing/get/x-ncp-pagination/pageNo: `page` must be an optional int32 parameter",
        "#/paths/~1getThing/get/x-ncp-pagination/pageSize: the page-size parameter needs a `maximum`",
        "#/paths/~1getThing/get/x-ncp-pagination/items: must name a list of structs in `GetThingResponse`",
        "#/paths/~1getThing/get/x-ncp-pagination/totalRows: `nothing` must be an integer field",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
    let text = errors(&with("[pageNo]"));
    assert!(
        text.contains("#/paths/~1getThing/get/x-ncp-pagination: must be a map"),
        "{text}"
    );
}

#[test]
fn broken_wrappers_and_bodies_are_rejected() {
    let base = spec("", "");
    let no_root = base.replace("      xml: {name: getThingResponse}\n", "");
    let text = errors(&no_root);
    assert!(
        text.contains(
            "#/components/schemas/GetThingResponse: a response body schema needs `xml.name`"
        ),
        "{text}"
    );
    let wrong_key = base.replace("required: [getThingResponse]", "required: [other]");
    let text = errors(&wrong_key);
    assert!(
        text.contains("#/components/schemas/GetThingJsonResponse: a JSON wrapper must be"),
        "{text}"
    );
    let no_summary = base.replace("      summary: Get a thing.\n", "");
    let text = errors(&no_summary);
    assert!(
        text.contains("#/paths/~1getThing/get: an operation needs a `summary`"),
        "{text}"
    );
}

#[test]
fn yaml_errors_name_the_line() {
    let text = match generate("openapi: 3.0.3\ninfo:\n  title: [unclosed\n") {
        Ok(_) => panic!("accepted"),
        Err(e) => e.to_string(),
    };
    assert!(text.starts_with("bad.yaml:"), "{text}");
    assert!(
        text.split(':')
            .nth(1)
            .is_some_and(|l| l.parse::<usize>().is_ok()),
        "{text}"
    );
}

#[test]
fn units_from_x_ncp_unit_end_the_docs_and_must_be_text() {
    let param = r#"        - name: timeoutSeconds
          in: query
          description: How long to wait.
          x-ncp-unit: seconds
          schema: {type: integer, format: int32}
"#;
    let files = generate(&spec(param, "")).unwrap_or_else(|e| panic!("{e}"));
    let ops = &files
        .iter()
        .find(|f| f.name == "operations/get_thing.rs")
        .expect("operations/get_thing.rs")
        .contents;
    assert!(
        ops.contains("API name: `timeoutSeconds`. Unit: seconds."),
        "{ops}"
    );
    let text = errors(&spec(&param.replace("seconds\n", "5\n"), ""));
    assert!(
        text.contains(
            "#/paths/~1getThing/get/parameters/0/x-ncp-unit: `x-ncp-unit` must be a non-blank string"
        ),
        "{text}"
    );
}

#[test]
fn a_spec_with_operations_needs_its_base_path() {
    let base = spec("", "");
    let without = base.replace("servers: [{url: 'https://gw.example.com/bad/v1'}]\n", "");
    assert!(
        errors(&without).contains("#/servers: a spec with operations needs a server URL"),
        "{}",
        errors(&without)
    );
    for (url, why) in [
        ("https://gw.example.com", "expected an absolute http(s) URL"),
        ("gw.example.com/bad/v1", "expected an absolute http(s) URL"),
        (
            "https://gw.example.com/bad v1",
            "the base path may hold only",
        ),
    ] {
        let text = base.replace("https://gw.example.com/bad/v1", url);
        let e = errors(&text);
        assert!(
            e.contains("#/servers/0/url: ") && e.contains(why),
            "{url}: {e}"
        );
    }
}

#[test]
fn error_bodies_map_onto_the_runtime_types() {
    let base = spec("", "");
    let unmarked = base.replacen("      x-ncp-runtime-type: GatewayErrorDetail\n", "", 1);
    let e = errors(&unmarked);
    assert!(
        e.contains(
            "#/components/schemas/GatewayErrorDetail: the runtime decodes error bodies into its \
             own `GatewayErrorDetail`: mark the schema `x-ncp-runtime-type: GatewayErrorDetail`"
        ),
        "{e}"
    );
    let unknown = base.replacen(
        "x-ncp-runtime-type: GatewayErrorDetail",
        "x-ncp-runtime-type: NoSuchType",
        1,
    );
    let e = errors(&unknown);
    assert!(
        e.contains("#/components/schemas/GatewayErrorDetail/x-ncp-runtime-type: must name one of the runtime's types"),
        "{e}"
    );
    // A mapped schema is re-exported from the runtime, not generated.
    let files = generate(&base).unwrap();
    let types = &files
        .iter()
        .find(|f| f.name == "types/mod.rs")
        .unwrap()
        .contents;
    assert!(
        types.contains("pub use ::ncloud_runtime::wire::GatewayErrorDetail;"),
        "{types}"
    );
    assert!(
        files
            .iter()
            .all(|f| !f.contents.contains("pub struct GatewayErrorDetail")),
        "{:?}",
        files.iter().map(|f| &f.name).collect::<Vec<_>>()
    );
    assert!(!types.contains("mod gateway_error_detail"));
}

// ------------------------------------------------------------------------------------------
// Form bodies and request rules
// ------------------------------------------------------------------------------------------

/// [`spec`] with `getThing` as a `post` whose form body is the schema `GetThingRequest`:
/// `object` is spliced into that schema (its keywords, indented 6) and `properties` into its
/// properties (indented 8).
fn post_spec(object: &str, properties: &str, extra_schemas: &str) -> String {
    let body = "      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema: {$ref: '#/components/schemas/GetThingRequest'}\n      responses:\n";
    let request = format!(
        "    GetThingRequest:\n      type: object\n      description: The form body.\n{object}      properties:\n        name: {{type: string, description: A name.}}\n{properties}"
    );
    spec("", &format!("{request}{extra_schemas}"))
        .replacen("    get:\n", "    post:\n", 1)
        .replacen("      responses:\n", body, 1)
}

#[test]
fn a_post_with_a_form_body_is_valid() {
    let files = generate(&post_spec("", "", "")).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert!(names.contains(&"operations/get_thing.rs"), "{names:?}");
    assert!(
        !names.iter().any(|n| n.contains("get_thing_request")),
        "the request schema is not a type: {names:?}"
    );
}

#[test]
fn form_body_problems_are_rejected_with_their_pointers() {
    let both = spec("", "").replacen(
        "    get:\n",
        "    post:\n      operationId: getThing\n      summary: s\n      description: d\n      responses: {}\n    get:\n",
        1,
    );
    assert!(
        errors(&both).contains("#/paths/~1getThing: a path has one operation"),
        "{}",
        errors(&both)
    );
    let no_body = spec("", "").replacen("    get:\n", "    post:\n", 1);
    assert!(
        errors(&no_body).contains("#/paths/~1getThing/post: a `post` needs a `requestBody`"),
        "{}",
        errors(&no_body)
    );
    let format_in_body = post_spec(
        "",
        "        responseFormatType: {type: string, description: Not here.}\n",
        "",
    );
    let text = errors(&format_in_body);
    assert!(
        text.contains("#/components/schemas/GetThingRequest/properties/responseFormatType: `responseFormatType` is a query parameter"),
        "{text}"
    );
    let as_type = post_spec(
        "",
        "",
        "    Holder:\n      type: object\n      description: Holds a request.\n      properties:\n        r: {$ref: '#/components/schemas/GetThingRequest', description: A request.}\n",
    );
    let text = errors(&as_type);
    assert!(
        text.contains(
            "#/components/schemas/Holder/properties/r: `GetThingRequest` is a request schema"
        ),
        "{text}"
    );
}

#[test]
fn bad_request_rules_are_rejected_with_their_pointers() {
    let text = errors(&post_spec(
        "      x-ncp-exactly-one-of: [[name, nope], [name]]\n      x-ncp-at-most-one-of: not-a-list\n",
        r#"        badPattern: {type: string, description: d, pattern: '(unclosed'}
        lengthOfNumber: {type: integer, format: int32, description: d, minLength: 1}
        zeroStep: {type: integer, format: int32, description: d, multipleOf: 0}
        backwards: {type: integer, format: int32, description: d, minimum: 5, maximum: 1}
        itemsOfText: {type: string, description: d, minItems: 1}
        tooBig: {type: integer, format: int32, description: d, maximum: 99999999999}
        notABool: {type: string, description: d, x-ncp-sensitive: 'yes'}
        needsGhost: {type: string, description: d, x-ncp-requires: [ghost]}
"#,
        "",
    ));
    let p = "#/components/schemas/GetThingRequest";
    for expected in [
        format!("{p}/properties/badPattern: `pattern` does not compile"),
        format!("{p}/properties/lengthOfNumber: `minLength` applies to string values only"),
        format!("{p}/properties/zeroStep: `multipleOf` must be a positive integer"),
        format!("{p}/properties/backwards: `minimum` is greater than `maximum`"),
        format!("{p}/properties/itemsOfText: `minItems` applies to arrays only"),
        format!("{p}/properties/tooBig: `maximum` must be an integer in the range of the format"),
        format!("{p}/properties/notABool/x-ncp-sensitive: must be `true` or `false`"),
        format!(
            "{p}/properties/needsGhost/x-ncp-requires/0: `ghost` is not a parameter of this operation"
        ),
        format!("{p}/x-ncp-exactly-one-of/0/1: `nope` is not a property here"),
        format!("{p}/x-ncp-exactly-one-of/1: a group is a list of two or more property names"),
        format!("{p}/x-ncp-at-most-one-of: must be a list of groups"),
    ] {
        assert!(text.contains(&expected), "missing `{expected}` in:\n{text}");
    }
}

#[test]
fn request_rules_outside_requests_are_rejected() {
    // A response type's rules would never be checked; a whole struct cannot be a secret.
    let text = errors(&spec(
        "",
        r#"    Reply:
      type: object
      description: Only in responses.
      x-ncp-at-most-one-of: [[a, b]]
      properties:
        a: {type: string, description: d, maxLength: 3}
        b: {type: string, description: d}
        inner: {$ref: '#/components/schemas/Reply', description: d}
    Secretive:
      type: object
      description: d
      properties:
        nested:
          type: object
          description: d
          x-ncp-sensitive: true
"#,
    ));
    for expected in [
        "#/components/schemas/Reply: group rules are only checked on request schemas",
        "#/components/schemas/Reply/properties/a: request rules (lengths, patterns, ranges, item counts, `x-ncp-requires`) are only checked",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

// ------------------------------------------------------------------------------------------
// Response-side extensions
// ------------------------------------------------------------------------------------------

/// `spec()` with a list of `Thing`s in the body and `x-ncp-single-item: {value}` on the
/// operation.
fn single_item_spec(value: &str) -> String {
    spec(
        "",
        r#"    Thing:
      type: object
      description: A thing.
      properties:
        thingNo: {type: string, description: Its number.}
"#,
    )
    .replace(
        "        returnCode: {type: string, description: Result code.}\n",
        "        returnCode: {type: string, description: Result code.}\n        \
         thingList:\n          type: array\n          description: The things.\n          \
         xml: {wrapped: true}\n          items:\n            \
         $ref: '#/components/schemas/Thing'\n            xml: {name: thing}\n",
    )
    .replace(
        "      description: Gets a thing.\n",
        &format!("      description: Gets a thing.\n      x-ncp-single-item: {value}\n"),
    )
}

#[test]
fn single_item_names_a_list_of_structs_and_gives_the_body_option_accessors() {
    let files = generate(&single_item_spec("thingList")).unwrap_or_else(|e| panic!("{e}"));
    let body = &files
        .iter()
        .find(|f| f.name == "types/get_thing_response.rs")
        .unwrap()
        .contents;
    for expected in [
        "pub fn thing(&self) -> Option<&super::Thing> {",
        "self.thing_list.first()",
        "pub fn into_thing(self) -> Option<super::Thing> {",
        "self.thing_list.into_iter().next()",
        "which is how the API says \"not found\"",
    ] {
        assert!(body.contains(expected), "missing `{expected}` in:\n{body}");
    }
    // Without the extension there are no accessors.
    let plain = generate(
        &single_item_spec("thingList").replace("      x-ncp-single-item: thingList\n", ""),
    )
    .unwrap();
    let body = &plain
        .iter()
        .find(|f| f.name == "types/get_thing_response.rs")
        .unwrap()
        .contents;
    assert!(!body.contains("fn thing("), "{body}");

    let pointer = "#/paths/~1getThing/get/x-ncp-single-item";
    for (value, expected) in [
        (
            "true",
            "must name the body's list of structs that holds the one item",
        ),
        (
            "returnCode",
            "`returnCode` must be a list of structs in `GetThingResponse`",
        ),
        (
            "nothingList",
            "`nothingList` must be a list of structs in `GetThingResponse`",
        ),
    ] {
        let text = errors(&single_item_spec(value));
        assert!(
            text.contains(&format!("{pointer}: {expected}")),
            "{value}: missing `{expected}` in:\n{text}"
        );
    }
}

#[test]
fn response_code_and_message_may_be_declared_as_optional_strings() {
    let base = spec("", "");
    let declared = base.replace(
        "        returnMessage: {type: string, description: Message.}\n",
        "        returnMessage: {type: string, description: Message.}\n        \
         responseCode: {type: string, description: The code under its other name.}\n        \
         responseMessage: {type: string, description: The message under its other name.}\n",
    );
    generate(&declared).unwrap_or_else(|e| panic!("{e}"));
    let wrong = declared.replace(
        "responseCode: {type: string, description: The code under its other name.}",
        "responseCode: {type: integer, format: int32, description: The code under its other name.}",
    );
    let text = errors(&wrong);
    assert!(
        text.contains(
            "#/components/schemas/ResponseError: `responseCode` must be an optional string"
        ),
        "{text}"
    );
}

/// The waiters' feature spec, changed by `replace` (each pair once): the generator must reject
/// it with `expected` (a pointer and a message).
fn waiter_errors(replace: &[(&str, &str)]) -> String {
    let mut text = include_str!("../../tests/features/waiters.yaml").to_owned();
    for (from, to) in replace {
        assert!(text.contains(from), "`{from}` is not in the waiters' spec");
        text = text.replacen(from, to, 1);
    }
    errors(&text)
}

#[test]
fn the_waiters_feature_spec_is_valid() {
    generate(include_str!("../../tests/features/waiters.yaml")).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn waiter_paths_are_checked_against_the_polled_body() {
    const RUNNING: &str = "#/paths/~1getThingList/get/x-ncp-waiters/0";
    for (from, to, expected) in [
        (
            "path: thingList[].thingStatus.code",
            "path: thingList[].thingState.code",
            format!(
                "{RUNNING}/acceptors/2/path: `thingList[].thingState.code`: `Thing` has no field `thingState`"
            ),
        ),
        (
            "path: thingList[].thingStatus.code",
            "path: thingList.thingStatus.code",
            format!(
                "{RUNNING}/acceptors/2/path: `thingList.thingStatus.code`: `thingList` is a list: write `thingList[]`"
            ),
        ),
        (
            "path: thingList[].thingStatus.code",
            "path: thingList[].thingStatus[].code",
            format!(
                "{RUNNING}/acceptors/2/path: `thingList[].thingStatus[].code`: `thingStatus` is not a list"
            ),
        ),
        (
            "path: thingList[].thingStatus.code",
            "path: thingList[].thingStatus.code.more",
            format!(
                "{RUNNING}/acceptors/2/path: `thingList[].thingStatus.code.more`: `code` has no fields"
            ),
        ),
        (
            "path: thingList[].thingStatus.code",
            "path: thingList[].thingStatus",
            format!(
                "{RUNNING}/acceptors/2/comparator: `thingList[].thingStatus` ends at a structure or a list"
            ),
        ),
        (
            "ids: thingList[].thingNo",
            "ids: thingList[].thingSerial",
            format!(
                "{RUNNING}/acceptors/0/ids: `thingList[].thingSerial`: `Thing` has no field `thingSerial`"
            ),
        ),
        (
            "ids: thingList[].thingNo",
            "ids: thingList[].thingStatus",
            format!(
                "{RUNNING}/acceptors/0/ids: `thingList[].thingStatus`: ids are compared as text"
            ),
        ),
        (
            "ids: thingList[].thingNo",
            "ids: returnCode",
            format!(
                "{RUNNING}/acceptors/0/ids: `returnCode`: an ids path selects one id per item, so it needs a `[]`"
            ),
        ),
    ] {
        let e = waiter_errors(&[(from, to)]);
        assert!(
            e.contains(&expected),
            "{from} -> {to}: missing `{expected}` in:\n{e}"
        );
    }
}

#[test]
fn waiter_acceptors_inputs_and_afters_are_checked() {
    const RUNNING: &str = "#/paths/~1getThingList/get/x-ncp-waiters/0";
    for (replace, expected) in [
        (
            vec![("comparator: allEqual\n          expected: RUN", "comparator: equals\n          expected: RUN")],
            format!("{RUNNING}/acceptors/2/comparator: `equals` compares one value"),
        ),
        (
            vec![("comparator: allEqual\n          expected: RUN", "comparator: allEqual")],
            format!("{RUNNING}/acceptors/2/expected: this comparator needs `expected`"),
        ),
        (
            vec![("expected:\n          - TERMT", "expected: []")],
            format!("{RUNNING}/acceptors/1/expected: `anyOf` needs `expected`: a non-empty list"),
        ),
        (
            vec![("comparator: allEqual\n          expected: RUN", "comparator: greater\n          expected: RUN")],
            format!("{RUNNING}/acceptors/2/comparator: must be one of `equals`"),
        ),
        (
            vec![("rule: anyMissing", "rule: someMissing")],
            format!("{RUNNING}/acceptors/0/rule: must be `allPresent`, `anyMissing` or `allMissing`"),
        ),
        (
            vec![("- state: failure\n          ids: thingList[].thingNo", "- state: done\n          ids: thingList[].thingNo")],
            format!("{RUNNING}/acceptors/0/state: must be `success`, `failure` or `retry`"),
        ),
        (
            vec![("input: thingNoList", "input: thingIdList")],
            format!("{RUNNING}/input: `thingIdList` is not a parameter of `getThingList`"),
        ),
        (
            vec![("input: thingNoList", "input: pageSize")],
            format!("{RUNNING}/input: `pageSize` must be a list of strings (or a string)"),
        ),
        (
            vec![("- createThings\n", "- makeThings\n")],
            format!("{RUNNING}/after/0: `makeThings` is not an operation of this spec"),
        ),
        (
            vec![("- createThings\n", "- getThingDetail\n")],
            format!("{RUNNING}/after/0: `getThingDetail` is not a mutation"),
        ),
        (
            vec![("- name: thingStopped", "- name: thingRunning")],
            "#/paths/~1getThingList/get/x-ncp-waiters/1/name: waiter `thingRunning` is declared twice".to_owned(),
        ),
        (
            vec![("minDelay: 3\n", "minDelay: 31\n")],
            format!("{RUNNING}/minDelay: must not be greater than `maxDelay`"),
        ),
        (
            vec![("maxWait: 3600\n", "maxWait: soon\n")],
            format!("{RUNNING}/maxWait: a waiter needs `maxWait`: a number of seconds"),
        ),
        (
            vec![("maxWait: 3600\n", "maxWait: 3600\n        timeout: 1\n")],
            format!("{RUNNING}/timeout: unknown waiter key `timeout`"),
        ),
        // createThings names its things only in its response: without the numbers there,
        // nothing says what to wait on.
        (
            vec![(
                "        name: createThingsResponse\n      allOf:\n      - $ref: '#/components/schemas/ResponseEnvelope'\n      - type: object\n        properties:\n          thingList:\n            type: array\n            description: The things.\n            xml:\n              wrapped: true\n            items:\n              $ref: '#/components/schemas/Thing'",
                "        name: createThingsResponse\n      allOf:\n      - $ref: '#/components/schemas/ResponseEnvelope'\n      - type: object\n        properties:\n          thingList:\n            type: array\n            description: The things.\n            xml:\n              wrapped: true\n            items:\n              $ref: '#/components/schemas/CommonCode'",
            )],
            format!("{RUNNING}/after/0: `createThings` has no parameter `thingNoList` or `thingNo` and its response no list of items with a `thingNo`"),
        ),
        // A single-id waiter cannot wait on a mutation that names several.
        (
            vec![("- deleteThing\n", "- stopThings\n")],
            "#/paths/~1getThingDetail/get/x-ncp-waiters/0/after/0: the waiter's input `thingNo` takes one id, but `stopThings` names its resources in a list".to_owned(),
        ),
    ] {
        let e = std::panic::catch_unwind(|| waiter_errors(&replace))
            .unwrap_or_else(|_| panic!("{replace:?} was accepted"));
        assert!(e.contains(&expected), "{replace:?}: missing `{expected}` in:\n{e}");
    }
}

#[test]
fn waiters_are_emitted_in_the_polled_operation_and_its_mutations() {
    let files = codegen::Generator::new(
        Settings::new()
            .with_spec_label("waiters.yaml")
            .with_mod_rs(true)
            .with_mock(true),
    )
    .generate_str(
        include_str!("../../tests/features/waiters.yaml"),
        "waiters.yaml",
    )
    .unwrap();
    let file = |name: &str| &files.iter().find(|f| f.name == name).unwrap().contents;
    let list = file("operations/get_thing_list.rs");
    assert!(
        list.contains("static THING_RUNNING: ::ncloud_runtime::waiter::Waiter"),
        "{list}"
    );
    assert!(list.contains("pub fn wait_until_thing_running(&self) -> WaitUntilThingRunning"));
    // The wait without a spec default on the detail may end without a body.
    let detail = file("operations/get_thing_detail.rs");
    assert!(
        detail.contains("Option<super::super::types::GetThingDetailResponse>"),
        "{detail}"
    );
    let create = file("operations/create_things.rs");
    assert!(
        create.contains("pub async fn send_and_wait_until_thing_running("),
        "{create}"
    );
    assert!(!file("operations/get_thing_list.rs").contains("send_and_wait"));
    assert!(file("fluent.rs").contains("WaitUntilThingRunning"));
    // Without a client there is nothing to wait with.
    let without = codegen::Generator::new(Settings::new().with_fluent(false).with_mod_rs(true))
        .generate_str(
            include_str!("../../tests/features/waiters.yaml"),
            "waiters.yaml",
        )
        .unwrap();
    assert!(without.iter().all(|f| !f.contents.contains("WaitUntil")));
}
