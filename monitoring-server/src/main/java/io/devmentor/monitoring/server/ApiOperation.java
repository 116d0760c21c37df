package io.devmentor.monitoring.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.glassfish.grizzly.http.server.Request;

/**
 * What a route is, besides its method and template: its summary, query parameters, body and answer. The router
 * checks requests against it, the handlers read their parameters through it, and the OpenAPI document is made
 * from it ({@link OpenApiDocument}), so that none of the three can drift from the others.
 *
 * @param tag the document's group
 * @param summary one line
 * @param query the query parameters; with none declared any is taken
 * @param pathParameters what each of the template's parameters names
 * @param body the request body's record, whose components are the fields it may have
 * @param status the status of a success
 * @param answer the success's body
 * @param errors the statuses of the refusals it may answer, besides the server's own (404, 405, 500, 503)
 * @param authenticated whether it needs the API token
 */
record ApiOperation(String tag, String summary, List<QueryParameter> query, Map<String, String> pathParameters,
        Optional<Class<? extends Record>> body, int status, AnswerType answer, SortedSet<Integer> errors,
        boolean authenticated) {

    ApiOperation {
        query = List.copyOf(query);
        pathParameters = Map.copyOf(pathParameters);
        errors = new TreeSet<>(errors);
    }

    /** A GET of the group that answers 200 with a JSON body of this type. */
    static ApiOperation read(String tag, String summary, AnswerType answer) {
        return new ApiOperation(tag, summary, List.of(), Map.of(), Optional.empty(), 200, answer, new TreeSet<>(),
                false);
    }

    /** A change: it needs the token, and may be refused for the token (401, 403) or the body (400, 413). */
    static ApiOperation change(String tag, String summary, int status, AnswerType answer) {
        return new ApiOperation(tag, summary, List.of(), Map.of(), Optional.empty(), status, answer,
                new TreeSet<>(Set.of(400, 401, 403, 413)), true);
    }

    /** With these query parameters, any of which may be refused with a 400. */
    ApiOperation query(QueryParameter... parameters) {
        return new ApiOperation(tag, summary, List.of(parameters), pathParameters, body, status, answer,
                with(400), authenticated);
    }

    /** With a template parameter and what it names; a bad one is a 400 ({@code ..}, bad encoding). */
    ApiOperation path(String name, String description) {
        Map<String, String> path = new LinkedHashMap<>(pathParameters);
        path.put(name, description);
        return new ApiOperation(tag, summary, query, path, body, status, answer, with(400), authenticated);
    }

    /** With a JSON body of this record's fields. */
    ApiOperation body(Class<? extends Record> type) {
        return new ApiOperation(tag, summary, query, pathParameters, Optional.of(type), status, answer, with(400),
                authenticated);
    }

    /** With these refusals too: 404 for what is not there, 409 for a state that does not allow it. */
    ApiOperation refuses(Integer... statuses) {
        SortedSet<Integer> all = new TreeSet<>(errors);
        all.addAll(List.of(statuses));
        return new ApiOperation(tag, summary, query, pathParameters, body, status, answer, all, authenticated);
    }

    /** The names of the query parameters, or empty when it declares none and so takes any. */
    Optional<SortedSet<String>> queryNames() {
        if (query.isEmpty()) {
            return Optional.empty();
        }
        SortedSet<String> names = new TreeSet<>();
        query.forEach(parameter -> names.add(parameter.name()));
        return Optional.of(names);
    }

    private SortedSet<Integer> with(int status) {
        SortedSet<Integer> all = new TreeSet<>(errors);
        all.add(status);
        return all;
    }

    /**
     * A success's body: JSON of a type ({@code raw} with its type arguments, as {@code List<Incident>}), or text
     * of a media type.
     */
    record AnswerType(Optional<Class<?>> raw, List<Class<?>> arguments, String mediaType) {
        static AnswerType json(Class<?> raw, Class<?>... arguments) {
            return new AnswerType(Optional.of(raw), List.of(arguments), "application/json");
        }

        static AnswerType text(String mediaType) {
            return new AnswerType(Optional.empty(), List.of(), mediaType);
        }
    }

    /**
     * A query parameter: its name, what it means, and its kind, by which it is read and refused with a 400 that
     * names it.
     */
    record QueryParameter(String name, String description, Kind kind, List<String> values, long minimum,
            long maximum, Optional<String> fallback, boolean required) {

        enum Kind { TEXT, INTEGER, ONE_OF }

        QueryParameter {
            values = List.copyOf(values);
        }

        static QueryParameter text(String name, String description) {
            return new QueryParameter(name, description, Kind.TEXT, List.of(), 0, 0, Optional.empty(), false);
        }

        static QueryParameter required(String name, String description) {
            return new QueryParameter(name, description, Kind.TEXT, List.of(), 0, 0, Optional.empty(), true);
        }

        static QueryParameter integer(String name, String description, long minimum, long maximum, long fallback) {
            return new QueryParameter(name, description, Kind.INTEGER, List.of(), minimum, maximum,
                    Optional.of(Long.toString(fallback)), false);
        }

        /** One of these words; the last is the default when {@code withDefault}. */
        static QueryParameter oneOf(String name, String description, List<String> values, boolean withDefault) {
            return new QueryParameter(name, description, Kind.ONE_OF, values, 0, 0,
                    withDefault ? Optional.of(values.get(values.size() - 1)) : Optional.empty(), false);
        }

        /** Its value in a request, if given. */
        Optional<String> value(Request request) {
            return Optional.ofNullable(request.getParameter(name));
        }

        /** Its values in a request, each split at commas, blanks dropped. */
        List<String> values(Request request) {
            String[] given = request.getParameterValues(name);
            List<String> values = new ArrayList<>();
            if (given != null) {
                for (String value : given) {
                    for (String part : value.split(",", -1)) {
                        if (!part.isBlank() && !values.contains(part.trim())) {
                            values.add(part.trim());
                        }
                    }
                }
            }
            return values;
        }

        /** One of its words, in any case, or its default if it has one. */
        Optional<String> word(Request request) {
            Optional<String> given = value(request);
            if (given.isEmpty()) {
                return fallback;
            }
            String word = given.get().trim().toLowerCase(java.util.Locale.ROOT);
            if (!values.contains(word)) {
                throw HttpProblem.badRequest(name + " must be one of " + String.join(", ", values) + ", was '"
                        + given.get() + "'");
            }
            return Optional.of(word);
        }

        /** A whole number within its bounds, or its default. */
        int integer(Request request) {
            String value = request.getParameter(name);
            if (value == null) {
                return Integer.parseInt(fallback.orElseThrow());
            }
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed >= minimum && parsed <= maximum) {
                    return Math.toIntExact(parsed);
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
            throw HttpProblem.badRequest(name + " must be a whole number from " + minimum + " to " + maximum
                    + ", was '" + value + "'");
        }
    }
}
