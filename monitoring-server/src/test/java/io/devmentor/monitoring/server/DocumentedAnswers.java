package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds an answer to the server's own OpenAPI document: its status must be one the operation documents, and a
 * JSON body must be valid against the schema documented for that status (JSON Schema 2020-12, as OpenAPI 3.1
 * has it), checked by networknt's validator.
 */
final class DocumentedAnswers {

    private final JsonNode document;
    private final ObjectMapper json = new ObjectMapper();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    DocumentedAnswers(JsonNode document) {
        this.document = document;
    }

    /**
     * What is wrong with an answer, or nothing.
     *
     * @param method the request's method
     * @param template the operation's path, as the document has it ({@code /api/incidents/{id}})
     */
    List<String> problems(String method, String template, int status, String contentType, String body) {
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of(method + " " + template + " is not in the document");
        }
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            return List.of("HTTP " + status + " is not documented for " + method + " " + template + ": " + body);
        }
        JsonNode schema = response.path("content").path("application/json").get("schema");
        if (schema == null) {
            return List.of();
        }
        if (!contentType.startsWith("application/json")) {
            return List.of(method + " " + template + " answered " + contentType + ", not JSON");
        }
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (Exception e) {
            return List.of(method + " " + template + " answered what is not JSON: " + body);
        }
        JsonSchema validator = schemas.computeIfAbsent(method + " " + template + " " + status, key -> {
            ObjectNode root = schema.deepCopy();
            root.set("components", document.path("components"));
            return factory.getSchema(root);
        });
        return validator.validate(answer).stream().map(ValidationMessage::getMessage)
                .map(message -> method + " " + template + " " + status + ": " + message + " in "
                        + (body.length() > 300 ? body.substring(0, 300) + "…" : body))
                .toList();
    }
}
