package io.devmentor.monitoring.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.grizzly.http.server.Request;

/** Reads and checks JSON request bodies: bounded in size, an object, known fields of the right types. */
final class RequestBodies {

    static final int MAX_BYTES = 64 * 1024;
    /** How much of a too-large body is still read, so that the client, still sending, can read the 413. */
    private static final long MAX_DRAINED_BYTES = 1024 * 1024;

    private final ObjectMapper json;

    RequestBodies(ObjectMapper json) {
        this.json = json;
    }

    /** {@code POST /api/incidents}: an incident opened by hand. */
    record NewIncident(String service, String description, String severity, Optional<String> actor) {
    }

    /** An acknowledgement or a resolution, with an optional note. */
    record Note(Optional<String> note, Optional<String> actor) {
    }

    /** A comment on an incident. */
    record Comment(String text, Optional<String> actor) {
    }

    /** {@code POST /api/maintenance}: a one-off window over some services (every service when none are named). */
    record NewMaintenance(Optional<List<String>> services, String start, String end, String reason) {
    }

    /** {@code PUT /api/dashboards/{name}}: the dashboard's panels. */
    record DashboardBody(List<DashboardStore.Panel> panels) {
    }

    /**
     * The body as a JSON object of a record's fields (an empty body is an empty object); a field the record
     * does not have is refused, naming it and those it has.
     */
    JsonNode object(Request request, Class<? extends Record> shape) throws IOException {
        Set<String> known = new TreeSet<>();
        for (RecordComponent component : shape.getRecordComponents()) {
            known.add(component.getName());
        }
        return object(request, known);
    }

    private JsonNode object(Request request, Set<String> known) throws IOException {
        long length = request.getContentLengthLong();
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            if (length > MAX_BYTES) {
                drain(in, length);
                throw new HttpProblem(413, "body larger than " + MAX_BYTES + " bytes");
            }
            // With a declared length read exactly that: Grizzly does not end the stream of a request that
            // also asks for an "Upgrade: h2c" (as the JDK's HTTP client does).
            bytes = in.readNBytes(length >= 0 ? (int) length : MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                drain(in, MAX_DRAINED_BYTES);
                throw new HttpProblem(413, "body larger than " + MAX_BYTES + " bytes");
            }
        }
        JsonNode node;
        if (bytes.length == 0) {
            node = json.createObjectNode();
        } else {
            try {
                node = json.readTree(bytes);
            } catch (JsonProcessingException e) {
                // Jackson names where an unclosed object started with its internal source description: the
                // line and column of the end say enough.
                String reason = e.getOriginalMessage();
                int marker = reason.indexOf(" (start marker at ");
                throw HttpProblem.badRequest("body is not valid JSON: " + (marker < 0 ? reason : reason.substring(0, marker))
                        + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr()));
            }
        }
        if (node == null || !node.isObject()) {
            throw HttpProblem.badRequest("body must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw HttpProblem.badRequest("unknown field '" + name + "' (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return node;
    }

    private static void drain(InputStream in, long declared) throws IOException {
        long left = Math.min(declared, MAX_DRAINED_BYTES);
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    return;
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw HttpProblem.badRequest(field + " must be text, was " + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return Optional.of(value.asText());
    }

    static String requiredText(JsonNode body, String field) {
        return text(body, field).orElseThrow(() -> HttpProblem.badRequest(field + " is required"));
    }
}
