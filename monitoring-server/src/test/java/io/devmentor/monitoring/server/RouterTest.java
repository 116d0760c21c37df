package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Routes declared once, matched by method and template. */
class RouterTest {

    private static Router.Handler answers(String what) {
        return (request, params) -> Router.Answer.ok(what);
    }

    private static final ApiOperation READ = ApiOperation.read("test", "a read",
            ApiOperation.AnswerType.text("text/plain"));

    private final Router router = new Router()
            .get("/api/incidents", READ, answers("list"))
            .post("/api/incidents", READ, answers("open"))
            .get("/api/incidents/{id}", READ.path("id", "an id"), answers("one"))
            .post("/api/incidents/{id}/resolve", READ.path("id", "an id"), answers("resolve"))
            .get("/api/dashboards/{name}", READ.path("name", "a name"), answers("dashboard"))
            .get("/api/dashboards/default", READ, answers("the default"));

    @Test
    void aRequestMatchesItsMethodAndTemplateWithItsParameters() {
        Router.Match one = router.match("GET", List.of("api", "incidents", "i-1"));
        assertEquals("/api/incidents/{id}", one.template());
        assertEquals("i-1", one.params().get("id"));
        assertEquals("/api/incidents", router.match("POST", List.of("api", "incidents")).template());
        assertTrue(router.match("HEAD", List.of("api", "incidents")).handler().isPresent(), "HEAD is answered as GET");
    }

    @Test
    void aLiteralSegmentWinsOverAParameter() {
        assertEquals("/api/dashboards/default", router.match("GET", List.of("api", "dashboards", "default"))
                .template());
        assertEquals("/api/dashboards/{name}", router.match("GET", List.of("api", "dashboards", "ops")).template());
    }

    @Test
    void anotherMethodOnAKnownPathNamesItsTemplateAndTheMethodsAllowed() {
        Router.Match wrong = router.match("DELETE", List.of("api", "incidents"));
        assertTrue(wrong.handler().isEmpty());
        assertEquals("/api/incidents", wrong.template(), "measured under its template, not as unmatched");
        assertEquals(List.of("GET", "POST"), wrong.allowed());
        Router.Match none = router.match("GET", List.of("api", "incidents", "i-1", "explode"));
        assertEquals("unmatched", none.template());
        assertTrue(none.allowed().isEmpty());
    }

    @Test
    void aRouteThatDeclaresItsQueryRefusesAnotherParameterNamingBoth() {
        Router withQuery = new Router().get("/api/events", READ.query(
                ApiOperation.QueryParameter.text("service", "a service"),
                ApiOperation.QueryParameter.integer("limit", "how many", 1, 10, 5)), answers("events"));
        Router.Match events = withQuery.match("GET", List.of("api", "events"));
        events.checkQuery(List.of("limit", "service"));
        HttpProblem refused = assertThrows(HttpProblem.class, () -> events.checkQuery(List.of("limit", "colour")));
        assertEquals(400, refused.status());
        assertEquals("unknown query parameter 'colour' (known: limit, service)", refused.message());
        router.match("GET", List.of("api", "incidents")).checkQuery(List.of("anything"));
    }

    @Test
    void aRouteIsDeclaredOnce() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> router.get("/api/incidents/{other}", READ.path("other", "another"), answers("again")));
        assertEquals("GET /api/incidents/{other} is declared twice", twice.getMessage());
    }

    @Test
    void aRouteDescribesEachParameterOfItsTemplate() {
        IllegalArgumentException undescribed = assertThrows(IllegalArgumentException.class,
                () -> new Router().get("/api/services/{name}", READ, answers("service")));
        assertEquals("GET /api/services/{name} describes the parameters [], not [name]", undescribed.getMessage());
    }
}
