package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.devmentor.monitoring.tck.Await;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document is kept true: every route the server has is in it, and every operation in it, called
 * with its examples, answers with one of the statuses it documents.
 */
class OpenApiTest {

    private static final String TOKEN = "token-for-the-api-reference";

    @TempDir
    Path dir;

    @Test
    void everyDocumentedOperationAnswersAsDocumentedAndEveryRouteIsDocumented() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", TOKEN))) {
            Await.until(java.time.Duration.ofSeconds(10), "started", () -> {
                try {
                    return harness.get("/health").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            HttpResponse<String> served = harness.get("/api/openapi.json");
            assertEquals(200, served.statusCode());
            JsonNode doc = harness.json.readTree(served.body());
            assertEquals("3.0.3", doc.path("openapi").asText());
            String incident = harness.json.readTree(send(harness, "POST", "/api/incidents",
                    "{\"service\":\"auth\",\"description\":\"for the reference\",\"severity\":\"low\"}", true).body())
                    .path("id").asText();

            List<String> calls = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                    JsonNode op = operation.getValue();
                    String url = path.getKey().replace("{id}", incident);
                    StringBuilder query = new StringBuilder();
                    for (JsonNode parameter : op.path("parameters")) {
                        String example = parameter.path("example").asText();
                        if (parameter.path("in").asText().equals("path")) {
                            url = url.replace("{" + parameter.path("name").asText() + "}", example);
                        } else if (parameter.has("example")) {
                            query.append(query.length() == 0 ? "?" : "&").append(parameter.path("name").asText())
                                    .append('=').append(URLEncoder.encode(example, StandardCharsets.UTF_8));
                        }
                    }
                    String body = op.path("requestBody").path("content").path("application/json").path("example")
                            .toString();
                    HttpResponse<String> response = send(harness, method, url + query,
                            op.has("requestBody") ? body : null, op.has("security"));
                    String status = Integer.toString(response.statusCode());
                    assertTrue(op.path("responses").has(status), method + " " + url + query + " answered " + status
                            + ", which it does not document: " + response.body());
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    JsonNode answer = op.path("responses").path(status);
                    if (answer.has("$ref")) { // a response shared in components/responses
                        answer = doc.at(answer.get("$ref").asText().substring(1));
                    }
                    JsonNode documented = answer.path("content");
                    if (documented.has("application/json")) {
                        assertTrue(type.startsWith("application/json"), method + " " + url + ": " + type);
                        harness.json.readTree(response.body());
                    }
                    if (op.has("security")) {
                        assertEquals(401, send(harness, method, url + query, op.has("requestBody") ? body : null,
                                false).statusCode(), method + " " + url + " without the token");
                    }
                    calls.add(method + " " + url + " " + status);
                }
            }
            assertTrue(calls.size() >= 27, calls.toString());

            // The routes the server declares and the operations the document describes are the same.
            Set<String> documented = new TreeSet<>();
            for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                path.getValue().fieldNames().forEachRemaining(method -> documented.add(
                        method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
            }
            Set<String> declared = new TreeSet<>(harness.server.declaredRoutes());
            assertTrue(declared.size() >= 27, declared.toString());
            Set<String> undocumented = new TreeSet<>(declared);
            undocumented.removeAll(documented);
            assertEquals(Set.of(), undocumented, "routes missing from openapi.json");
            Set<String> undeclared = new TreeSet<>(documented);
            undeclared.removeAll(declared);
            undeclared.remove("GET /docs/"); // the API reference page itself, served with the static files
            assertEquals(Set.of(), undeclared, "operations in openapi.json that the server does not have");

            HttpResponse<String> page = harness.get("/docs/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("swagger-ui-bundle.js") && page.body().contains("/docs/docs.js"));
            assertTrue(harness.get("/docs/docs.js").body().contains("/api/openapi.json"), "the page's script reads the document");
            HttpResponse<String> bundle = harness.get("/docs/swagger-ui-bundle.js");
            assertEquals(200, bundle.statusCode(), "swagger-ui from its WebJar");
            assertTrue(bundle.body().length() > 100_000);
        }
    }

    private static HttpResponse<String> send(ServerHarness harness, String method, String path, String body,
            boolean token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return harness.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
