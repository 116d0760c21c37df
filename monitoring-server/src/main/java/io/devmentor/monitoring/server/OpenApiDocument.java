package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 document of the server, made from its declared routes ({@link ApiOperation}) and the records
 * they answer ({@link ApiSchemas}), never written by hand: what {@code /api/openapi.json} serves and
 * {@code /docs/} shows.
 */
final class OpenApiDocument {

    /** What each refusal means, the same on every route that may answer it. */
    private static final Map<Integer, String> REFUSALS = Map.of(
            400, "bad input, named in the message",
            401, "no bearer token, or a wrong one",
            403, "MONITORING_API_TOKEN is not set: changes are off",
            404, "no such thing, named in the message",
            409, "its state does not allow it, or a limit is reached",
            413, "a body larger than " + RequestBodies.MAX_BYTES / 1024 + " KiB",
            503, "not started yet, or a store it needs is unavailable");

    private OpenApiDocument() {
    }

    static ObjectNode of(List<Router.Route> routes, ObjectMapper json, String version) {
        ApiSchemas schemas = new ApiSchemas(json);
        ObjectNode document = json.createObjectNode();
        document.put("openapi", "3.1.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "DevMentor Monitoring");
        info.put("version", version);
        info.put("description", "The REST routes of the monitoring server, made from its declared routes. Changes"
                + " need `Authorization: Bearer <MONITORING_API_TOKEN>`. Every refusal is JSON: {error, path}.");
        document.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = document.putObject("paths");
        for (Router.Route route : routes) {
            ObjectNode path = paths.has(route.template()) ? (ObjectNode) paths.get(route.template())
                    : paths.putObject(route.template());
            path.set(route.method().toLowerCase(java.util.Locale.ROOT), operation(route, schemas, json));
        }
        ObjectNode components = document.putObject("components");
        components.set("schemas", schemas.components());
        components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "MONITORING_API_TOKEN");
        return document;
    }

    private static ObjectNode operation(Router.Route route, ApiSchemas schemas, ObjectMapper json) {
        ApiOperation operation = route.operation();
        ObjectNode node = json.createObjectNode();
        node.put("summary", operation.summary());
        node.put("operationId", operationId(route));
        node.putArray("tags").add(operation.tag());
        ArrayNode parameters = json.createArrayNode();
        for (String segment : route.segments()) {
            if (segment.startsWith("{")) {
                String name = segment.substring(1, segment.length() - 1);
                ObjectNode parameter = parameters.addObject();
                parameter.put("name", name);
                parameter.put("in", "path");
                parameter.put("required", true);
                parameter.put("description", operation.pathParameters().get(name));
                parameter.putObject("schema").put("type", "string");
            }
        }
        for (ApiOperation.QueryParameter query : operation.query()) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", query.name());
            parameter.put("in", "query");
            parameter.put("required", query.required());
            parameter.put("description", query.description());
            ObjectNode schema = parameter.putObject("schema");
            switch (query.kind()) {
                case INTEGER -> schema.put("type", "integer").put("minimum", query.minimum())
                        .put("maximum", query.maximum());
                case ONE_OF -> {
                    schema.put("type", "string");
                    query.values().forEach(schema.putArray("enum")::add);
                }
                default -> schema.put("type", "string");
            }
            query.fallback().ifPresent(fallback -> {
                if (query.kind() == ApiOperation.QueryParameter.Kind.INTEGER) {
                    schema.put("default", Long.parseLong(fallback));
                } else {
                    schema.put("default", fallback);
                }
            });
        }
        if (!parameters.isEmpty()) {
            node.set("parameters", parameters);
        }
        operation.body().ifPresent(body -> node.putObject("requestBody").putObject("content")
                .putObject("application/json").set("schema", schemas.reference(body)));
        if (operation.authenticated()) {
            node.putArray("security").addObject().putArray("bearer");
        }
        ObjectNode responses = node.putObject("responses");
        ObjectNode success = responses.putObject(Integer.toString(operation.status()));
        ApiOperation.AnswerType answer = operation.answer();
        success.put("description", operation.summary());
        ObjectNode content = success.putObject("content").putObject(answer.mediaType());
        answer.raw().ifPresentOrElse(
                raw -> content.set("schema", schemas.reference(raw, answer.arguments().toArray(Class<?>[]::new))),
                () -> content.putObject("schema").put("type", "string"));
        for (int status : operation.errors()) {
            refusal(responses, status, schemas);
        }
        refusal(responses, 503, schemas);
        return node;
    }

    private static void refusal(ObjectNode responses, int status, ApiSchemas schemas) {
        ObjectNode refusal = responses.putObject(Integer.toString(status));
        refusal.put("description", REFUSALS.getOrDefault(status, "refused"));
        refusal.putObject("content").putObject("application/json")
                .set("schema", schemas.reference(JsonViews.Problem.class));
    }

    /** {@code GET /api/incidents/{id}/analysis} as {@code getApiIncidentsIdAnalysis}. */
    private static String operationId(Router.Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(java.util.Locale.ROOT));
        for (String segment : route.segments()) {
            String word = segment.replaceAll("[^A-Za-z0-9]", "");
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return route.segments().isEmpty() ? id.append("Root").toString() : id.toString();
    }
}
