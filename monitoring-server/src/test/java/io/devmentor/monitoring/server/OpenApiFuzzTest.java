package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A fuzzer driven by the server's own OpenAPI document, as served at {@code /api/openapi.json}: for each
 * operation it makes requests from the document's parameters and bodies, well-formed and not, with and without
 * the token, and holds the server to the document: no 5xx that the operation does not list, no status code
 * that it does not list, every body valid against the schema it documents for its status, and every error a
 * JSON object with a message and no Java type names.
 */
class OpenApiFuzzTest {

    private static final String TOKEN = "fuzz-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static ServerHarness harness;
    private static List<Operation> operations;
    private static JsonNode document;
    private static DocumentedAnswers answers;
    private static final Map<String, Set<Integer>> SEEN = new ConcurrentHashMap<>();
    private static final AtomicInteger SENT = new AtomicInteger();



    /** One operation of the document: its method, path template, parameters, body schema and documented codes. */
    record Operation(String method, String path, List<JsonNode> parameters, Optional<JsonNode> body,
            Set<String> codes) {
        String name() {
            return method + " " + path;
        }
    }

    /** A request made for an operation. */
    record Fuzzed(Operation operation, String target, Optional<String> body, String auth, String contentType) {
        @Override
        public String toString() {
            return operation.method() + " " + target + " [" + auth + ", " + contentType + "] "
                    + body.map(b -> b.length() > 200 ? b.substring(0, 200) + "…" : b).orElse("");
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("openapi-fuzz");
        harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", TOKEN));
        document = JSON.readTree(harness.get("/api/openapi.json").body());
        answers = new DocumentedAnswers(document);
        operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!Set.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                return;
            }
            List<JsonNode> parameters = new ArrayList<>();
            path.getValue().path("parameters").forEach(parameters::add);
            op.getValue().path("parameters").forEach(parameters::add);
            Optional<JsonNode> body = Optional.ofNullable(op.getValue().path("requestBody").path("content")
                    .path("application/json").get("schema")).map(schema -> resolve(document, schema));
            Set<String> codes = new TreeSet<>();
            op.getValue().path("responses").fieldNames().forEachRemaining(codes::add);
            operations.add(new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
                    parameters.stream().map(p -> resolve(document, p)).toList(), body, codes));
        }));
    }

    @AfterContainer
    static void stop() throws IOException {
        System.out.println("OpenAPI fuzz: " + SENT.get() + " requests over " + operations.size()
                + " operations; codes seen: " + new java.util.TreeMap<>(SEEN));
        harness.close();
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    /** The target of a {@code $ref} within the document, or the node itself. */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null || !ref.asText().startsWith("#/")) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.asText().substring(2).split("/", -1)) {
            target = target.path(part);
        }
        return resolve(document, target);
    }

    // A fixed seed, so that CI runs the same 2,000 requests each time; to explore further, drop the seed and
    // raise the tries (8,000 with random seeds found nothing more on 2026-12-04).
    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED, seed = "20261204")
    void everyAnswerIsDocumentedAndNoneIsAServerError(@ForAll("requests") Fuzzed request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.server.port()
                + request.target())).timeout(Duration.ofSeconds(10));
        if (!request.auth().equals("none")) {
            builder.header("Authorization", "Bearer " + (request.auth().equals("token") ? TOKEN : "wrong-token"));
        }
        if (request.body().isPresent()) {
            builder.header("Content-Type", request.contentType());
        }
        builder.method(request.operation().method(), request.body()
                .map(b -> HttpRequest.BodyPublishers.ofString(b, StandardCharsets.UTF_8))
                .orElse(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> answer = harness.client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        SENT.incrementAndGet();
        int code = answer.statusCode();
        SEEN.computeIfAbsent(request.operation().name(), k -> new java.util.concurrent.ConcurrentSkipListSet<>())
                .add(code);
        assertEquals(List.of(), answers.problems(request.operation().method(), request.operation().path(), code,
                answer.headers().firstValue("Content-Type").orElse(""), answer.body()), request.toString());
        assertTrue(code < 500 || code == 503, "server error " + code + " for " + request + ": " + answer.body());
        if (code >= 400) {
            JsonNode error = JSON.readTree(answer.body());
            String message = error.path("error").asText("");
            assertTrue(!message.isEmpty(), "no error message for " + request + ": " + answer.body());
            assertTrue(!message.matches(".*\\b(java|javax|jakarta|org|com)\\.[a-z]+\\..*") && !message.contains("Exception"),
                    "a Java type in the error for " + request + ": " + message);
        }
    }

    @Provide
    Arbitrary<Fuzzed> requests() {
        return Arbitraries.of(operations).flatMap(operation -> Combinators.combine(
                target(operation), body(operation), Arbitraries.of("token", "token", "none", "wrong"),
                Arbitraries.of("application/json", "application/json", "application/json; charset=utf-8",
                        "text/plain"))
                .as((target, body, auth, type) -> new Fuzzed(operation, target, body, auth, type)));
    }

    // --- values -------------------------------------------------------------------------------------------

    /** Text a client might send for a name: real names, near misses, hostile encodings, random Unicode. */
    private static Arbitrary<String> pathSegment() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of("auth", "cache", "monitoring", "nope", "main")),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("", ".", "..", "%2e%2e", "%2F", "a%2Fb", "%5C", "%00", "%FF",
                        "%C3%28", "a%20b", "%E2%82%AC", "x".repeat(3000), "-", "_", "~", "%25")),
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40).map(OpenApiFuzzTest::encode)));
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static Arbitrary<String> target(Operation operation) {
        List<Arbitrary<String>> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode parameter : operation.parameters()) {
            String in = parameter.path("in").asText();
            String name = parameter.path("name").asText();
            if (in.equals("path")) {
                names.add("{" + name + "}");
                parts.add(pathSegment());
            } else if (in.equals("query")) {
                names.add("?" + name);
                parts.add(Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, Arbitraries.just("\u0000omit")),
                        net.jqwik.api.Tuple.of(3, value(parameter.path("schema")).map(v -> encode(v.isTextual()
                                ? v.asText() : v.toString())))));
            }
        }
        Arbitrary<String> extra = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofLength(3).map(n -> "x" + n + "=1")));
        parts.add(extra);
        return Combinators.combine(parts).as(values -> {
            String path = operation.path();
            StringBuilder query = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String value = values.get(i);
                if (name.startsWith("{")) {
                    path = path.replace(name, value);
                } else if (!value.equals("\u0000omit")) {
                    query.append(query.length() == 0 ? "?" : "&").append(name.substring(1)).append('=').append(value);
                }
            }
            String more = values.get(values.size() - 1);
            if (!more.isEmpty()) {
                query.append(query.length() == 0 ? "?" : "&").append(more);
            }
            return path + query;
        });
    }

    /** A value for a schema: mostly of its type and within its bounds, sometimes neither. */
    @SuppressWarnings("unchecked") // an array of the generic tuples that frequencyOf takes
    private static Arbitrary<JsonNode> value(JsonNode given) {
        JsonNode schema = resolve(document, given);
        String type = schema.path("type").asText("string");
        if (schema.path("type").isArray()) { // ["string", "null"]: the first that is not null
            for (JsonNode each : schema.path("type")) {
                if (!each.asText().equals("null")) {
                    type = each.asText();
                    break;
                }
            }
        }
        List<net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<JsonNode>>> choices = new ArrayList<>();
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            choices.add(net.jqwik.api.Tuple.of(4, Arbitraries.of(values)));
        }
        switch (type) {
            case "integer", "number" -> {
                long min = schema.path("minimum").asLong(-1000);
                long max = schema.path("maximum").asLong(100_000);
                choices.add(net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(min, max).map(JSON::valueToTree)));
                choices.add(net.jqwik.api.Tuple.of(1, Arbitraries.of(-1L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, max + 1)
                        .map(JSON::valueToTree)));
            }
            case "boolean" -> choices.add(net.jqwik.api.Tuple.of(4, Arbitraries.of(true, false).map(JSON::valueToTree)));
            case "object" -> choices.add(net.jqwik.api.Tuple.of(4, object(schema).map(o -> (JsonNode) o)));
            case "array" -> choices.add(net.jqwik.api.Tuple.of(4, value(schema.path("items")).list().ofMaxSize(4)
                    .map(JSON::valueToTree)));
            default -> {
                if (schema.path("format").asText().equals("date-time")) {
                    choices.add(net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 4_102_444_800L)
                            .map(s -> JSON.valueToTree(java.time.Instant.ofEpochSecond(s).toString()))));
                }
                int maxLength = schema.path("maxLength").asInt(200);
                choices.add(net.jqwik.api.Tuple.of(4, Arbitraries.strings().all().ofMaxLength(Math.min(maxLength, 200))
                        .map(JSON::valueToTree)));
                choices.add(net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofLength(maxLength + 1)
                        .map(JSON::valueToTree)));
            }
        }
        // The wrong type or nothing at all.
        choices.add(net.jqwik.api.Tuple.of(1, Arbitraries.of(JSON.nullNode(), JSON.valueToTree(12),
                JSON.valueToTree("text"), JSON.createArrayNode(), JSON.createObjectNode(), JSON.valueToTree(true))));
        return Arbitraries.frequencyOf(choices.toArray(net.jqwik.api.Tuple.Tuple2[]::new));
    }

    /** An object for a schema: its properties, each maybe left out, sometimes an unknown one more. */
    private static Arbitrary<ObjectNode> object(JsonNode schema) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            properties.put(property.getKey(), property.getValue());
        }
        List<Arbitrary<Optional<JsonNode>>> values = new ArrayList<>();
        List<String> names = new ArrayList<>(properties.keySet());
        for (String name : names) {
            values.add(value(properties.get(name)).optional(0.8));
        }
        values.add(Arbitraries.just(JSON.valueToTree(1)).map(v -> (JsonNode) v).optional(0.1));
        return Combinators.combine(values).as(chosen -> {
            ObjectNode object = JSON.createObjectNode();
            for (int i = 0; i < names.size(); i++) {
                int index = i;
                chosen.get(i).ifPresent(v -> object.set(names.get(index), v));
            }
            chosen.get(names.size()).ifPresent(v -> object.set("unknownField", v));
            return object;
        });
    }

    private static Arbitrary<Optional<String>> body(Operation operation) {
        if (operation.body().isEmpty()) {
            return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, Arbitraries.just(Optional.<String>empty())),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.of("{\"unexpected\":true}"))));
        }
        JsonNode schema = operation.body().get();
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, value(schema).map(JsonNode::toString).map(Optional::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "{", "[1,2]", "null", "{\"a\":", "\u00ff\u00fe", "{}}",
                        "{\"text\":\"" + "y".repeat(70_000) + "\"}").map(Optional::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.<String>empty())));
    }
}
