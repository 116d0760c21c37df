package io.devmentor.monitoring.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conditions in Gatus' form, judged on the fields a check's result gives. */
class ConditionsTest {

    private static Conditions conditions(String... texts) {
        return new Conditions(List.of(texts));
    }

    private static CheckResult answered(HealthStatus status, long millis, Map<String, Object> details) {
        return new CheckResult(status, Instant.parse("2026-12-07T00:00:00Z"), Duration.ofMillis(millis), "HTTP 200",
                details);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachConditionIsListedWithTheValueSeenAndAFailedOneIsDownNamingIt() {
        Conditions conditions = conditions("[STATUS] == 200", "[BODY].checks.db == ok", "[RESPONSE_TIME] < 300",
                "[BODY].items[1].id > 4");
        CheckResult judged = conditions.judge(answered(HealthStatus.UP, 120, Map.of("statusCode", 200,
                CheckResult.BODY_FOR_CONDITIONS, "{\"checks\":{\"db\":\"down\"},\"items\":[{\"id\":1},{\"id\":5}]}")));
        assertEquals(HealthStatus.DOWN, judged.status());
        assertEquals("condition failed: [BODY].checks.db == ok (was 'down')", judged.message());
        List<Map<String, Object>> listed = (List<Map<String, Object>>) judged.details().get("conditions");
        assertEquals(List.of(true, false, true, true), listed.stream().map(c -> c.get("passed")).toList());
        assertEquals(List.of(200, "down", 120L, 5), listed.stream().map(c -> c.get("value")).toList());
        assertTrue(!judged.details().containsKey(CheckResult.BODY_FOR_CONDITIONS), "the body is not kept");

        CheckResult allMet = conditions("[STATUS] == 200", "[RESPONSE_TIME] <= 1s").judge(
                answered(HealthStatus.UP, 120, Map.of("statusCode", 200)));
        assertEquals(HealthStatus.UP, allMet.status());
        assertEquals("HTTP 200", allMet.message());
    }

    @Test
    void certificatesDnsAndMissingFieldsAreJudgedTooAndSeveralFailuresAreAllNamed() {
        CheckResult expiring = conditions("[CERTIFICATE_EXPIRATION] > 72h", "[STATUS] != 500").judge(
                answered(HealthStatus.UP, 5, Map.of("statusCode", 500, "certificateDaysLeft", 2.5)));
        assertEquals("2 of 2 conditions failed: [CERTIFICATE_EXPIRATION] > 72h (was 60h); [STATUS] != 500 (was 500)",
                expiring.message());

        CheckResult nxdomain = conditions("[DNS_RCODE] == NXDOMAIN").judge(
                answered(HealthStatus.UP, 5, Map.of("rcode", "NXDOMAIN")));
        assertEquals(HealthStatus.UP, nxdomain.status(), "a name that must not exist");

        CheckResult noBody = conditions("[BODY].status == UP").judge(
                answered(HealthStatus.UP, 5, Map.of("statusCode", 200, CheckResult.BODY_FOR_CONDITIONS, "not json")));
        assertEquals("condition failed: [BODY].status == UP (was nothing)", noBody.message());

        CheckResult refused = CheckResult.down(Instant.EPOCH, Duration.ZERO, "connection refused");
        assertEquals(refused, conditions("[STATUS] == 200").judge(refused), "nothing to judge");
    }

    @Test
    void aConditionThatIsNotOneIsRefusedNamingWhy() {
        assertEquals("'[STATUS] = 200' is not a condition such as [STATUS] == 200: a placeholder, an operator"
                + " (==, !=, <, <=, >, >=) and a value",
                assertThrows(IllegalArgumentException.class, () -> Conditions.validate("[STATUS] = 200")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Conditions.validate("[CODE] == 200"))
                .getMessage().contains("unknown placeholder [CODE]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Conditions.validate("[STATUS].x == 200"))
                .getMessage().contains("only [BODY] has fields"));
    }
}
