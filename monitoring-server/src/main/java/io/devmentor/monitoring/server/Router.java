package io.devmentor.monitoring.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.glassfish.grizzly.http.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * The server's routes, each declared once: its method, its path template ({@code /api/incidents/{id}/resolve})
 * and what answers it. A request's route is known before it is answered, so that every answer, a refusal
 * included, is measured under its template.
 */
final class Router {

    /** What answers a route: the request and the template's parameters, already decoded. */
    @FunctionalInterface
    interface Handler {
        Answer handle(Request request, Params params) throws IOException;
    }

    /** The values of a template's parameters ({@code {id}}), by name. */
    record Params(Map<String, String> values) {
        /** The value of a parameter the template declares. */
        String get(String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("the route has no parameter " + name);
            }
            return value;
        }
    }

    /** A status and a body: text ({@code /metrics}), {@link Html}, or anything written as JSON. */
    record Answer(int status, Object body) {
        static Answer ok(Object body) {
            return new Answer(200, body);
        }
    }

    /** An HTML page, written as such. */
    record Html(String text) {
    }

    /**
     * The route a request matched.
     *
     * @param template its template, or {@code unmatched}
     * @param handler what answers it, empty when the path matched with other methods only (405) or not at all
     * @param params the template's parameters
     * @param allowed the methods of the templates the path matched, for a 405
     */
    record Match(String template, Optional<Handler> handler, Params params, List<String> allowed,
            Optional<SortedSet<String>> query) {

        /**
         * Refuses a query parameter the route does not declare, naming it and those it does; a route that
         * declares none takes any.
         */
        void checkQuery(Iterable<String> given) {
            query.ifPresent(known -> {
                for (String name : given) {
                    if (!known.contains(name)) {
                        throw HttpProblem.badRequest("unknown query parameter '" + name + "' (known: "
                                + String.join(", ", known) + ")");
                    }
                }
            });
        }
    }

    /** A declared route: its method, template and what the API reference says of it. */
    record Route(String method, List<String> segments, String template, ApiOperation operation, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router get(String template, ApiOperation operation, Handler handler) {
        return add("GET", template, operation, handler);
    }

    Router post(String template, ApiOperation operation, Handler handler) {
        return add("POST", template, operation, handler);
    }

    Router put(String template, ApiOperation operation, Handler handler) {
        return add("PUT", template, operation, handler);
    }

    Router delete(String template, ApiOperation operation, Handler handler) {
        return add("DELETE", template, operation, handler);
    }

    private Router add(String method, String template, ApiOperation operation, Handler handler) {
        List<String> segments = Arrays.stream(template.split("/")).filter(s -> !s.isEmpty()).toList();
        for (Route route : routes) {
            if (route.method.equals(method) && shape(route.segments).equals(shape(segments))) {
                throw new IllegalArgumentException(method + " " + template + " is declared twice");
            }
        }
        Set<String> parameters = new TreeSet<>();
        segments.stream().filter(s -> s.startsWith("{")).forEach(s -> parameters.add(s.substring(1, s.length() - 1)));
        if (!parameters.equals(operation.pathParameters().keySet())) {
            throw new IllegalArgumentException(method + " " + template + " describes the parameters "
                    + operation.pathParameters().keySet() + ", not " + parameters);
        }
        routes.add(new Route(method, segments, template, operation, handler));
        return this;
    }

    /** The segments with every parameter alike: two templates of one shape match the same paths. */
    private static List<String> shape(List<String> segments) {
        return segments.stream().map(s -> s.startsWith("{") ? "{}" : s).toList();
    }

    /** The declared routes, as {@code METHOD template}, in their order. */
    List<String> declared() {
        return routes.stream().map(r -> r.method + " " + r.template).toList();
    }

    /** The declared routes, in their order. */
    List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * The route of a method (HEAD as GET) and a path's decoded segments. Literal segments win over parameters
     * where two templates match.
     */
    Match match(String method, List<String> parts) {
        String wanted = method.equals("HEAD") ? "GET" : method;
        Route best = null;
        Map<String, String> bestParams = Map.of();
        int bestLiterals = -1;
        String pathTemplate = null;
        int pathLiterals = -1;
        List<String> allowed = new ArrayList<>();
        for (Route route : routes) {
            Map<String, String> params = params(route.segments, parts);
            if (params == null) {
                continue;
            }
            int literals = route.segments.size() - params.size();
            if (literals > pathLiterals) {
                pathLiterals = literals;
                pathTemplate = route.template;
                allowed.clear();
            }
            if (literals == pathLiterals && route.template.equals(pathTemplate)) {
                allowed.add(route.method);
            }
            if (route.method.equals(wanted) && literals > bestLiterals) {
                best = route;
                bestParams = params;
                bestLiterals = literals;
            }
        }
        if (best != null) {
            return new Match(best.template, Optional.of(best.handler), new Params(bestParams), List.of(best.method),
                    best.operation.queryNames());
        }
        return new Match(pathTemplate == null ? "unmatched" : pathTemplate, Optional.empty(), new Params(Map.of()),
                List.copyOf(allowed), Optional.empty());
    }

    /** The parameters of a template that matches the segments, or null when it does not. */
    private static @Nullable Map<String, String> params(List<String> template, List<String> parts) {
        if (template.size() != parts.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String segment = template.get(i);
            if (segment.startsWith("{") && segment.endsWith("}")) {
                params.put(segment.substring(1, segment.length() - 1), parts.get(i));
            } else if (!segment.equals(parts.get(i))) {
                return null;
            }
        }
        return params;
    }
}
