package io.devmentor.monitoring.core.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Conditions in Gatus' spirit ({@code [STATUS] == 200}, {@code [BODY].checks.db == ok},
 * {@code [RESPONSE_TIME] < 300}, {@code [CERTIFICATE_EXPIRATION] > 72h}, {@code [DNS_RCODE] == NOERROR}), judged
 * on a check's result for every checker that gives the fields: each is listed in the result's details as passed
 * or failed with the value seen, and a failed one makes the check DOWN, naming it and why. A checker gives a
 * field in its details ({@code statusCode}, {@link CheckResult#BODY_FOR_CONDITIONS},
 * {@code certificateDaysLeft}, {@code rcode}); the body is read for the conditions and not kept.
 */
public final class Conditions {

    private static final Pattern CONDITION = Pattern.compile(
            "\\s*\\[([A-Z_]+)]((?:\\.[A-Za-z0-9_-]+|\\[\\d+])*)\\s*(==|!=|<=|>=|<|>)\\s*(.*?)\\s*");
    private static final List<String> PLACEHOLDERS = List.of("STATUS", "RESPONSE_TIME", "BODY",
            "CERTIFICATE_EXPIRATION", "DNS_RCODE", "CONNECTED");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern BODY_PATH = Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[(\\d+)]");

    /** A service's conditions, parsed once. */
    private final List<Condition> conditions;

    private final ObjectMapper json = new ObjectMapper();

    /** One condition, parsed. */
    record Condition(String text, String placeholder, String path, String operator, String expected) {
    }

    /**
     * A condition as the services file gives it, or why it is not one.
     *
     * @param text such as {@code [STATUS] == 200}
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void validate(String text) {
        parse(text);
    }

    static Condition parse(String text) {
        Matcher m = CONDITION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a condition such as [STATUS] == 200:"
                    + " a placeholder, an operator (==, !=, <, <=, >, >=) and a value");
        }
        if (!PLACEHOLDERS.contains(m.group(1))) {
            throw new IllegalArgumentException("'" + text + "': unknown placeholder [" + m.group(1) + "] (known: "
                    + String.join(", ", PLACEHOLDERS.stream().map(p -> "[" + p + "]").toList()) + ")");
        }
        if (!m.group(2).isEmpty() && !m.group(1).equals("BODY")) {
            throw new IllegalArgumentException("'" + text + "': only [BODY] has fields");
        }
        if (m.group(4).isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': no value to compare with");
        }
        return new Condition(text.trim(), m.group(1), m.group(2), m.group(3), unquoted(m.group(4)));
    }

    /**
     * A service's conditions, to judge its checks' results.
     *
     * @throws IllegalArgumentException naming a condition that is not one
     */
    Conditions(List<String> texts) {
        this.conditions = texts.stream().map(Conditions::parse).toList();
    }

    /**
     * A check's result judged by the conditions: unchanged without any, or when the check found no answer to
     * judge (DOWN, or unknown); otherwise with the conditions in its details, and DOWN when one failed.
     */
    CheckResult judge(CheckResult result) {
        if (conditions.isEmpty()) {
            return result;
        }
        Map<String, Object> details = new LinkedHashMap<>(result.details());
        Object body = details.remove(CheckResult.BODY_FOR_CONDITIONS);
        boolean noAnswer = result.status() == HealthStatus.DOWN && !details.containsKey("statusCode")
                && !details.containsKey("rcode");
        if (noAnswer || result.status() == HealthStatus.UNKNOWN) {
            return new CheckResult(result.status(), result.checkedAt(), result.latency(), result.message(), details);
        }
        List<Map<String, Object>> judged = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Condition condition : conditions) {
            Object seen = value(condition, result, details, body);
            boolean passed = seen != null && holds(condition, seen);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("condition", condition.text());
            entry.put("passed", passed);
            entry.put("value", seen == null ? "(none)" : seen);
            judged.add(entry);
            if (!passed) {
                failed.add(condition.text() + " (was " + (seen == null ? "nothing" : shown(seen)) + ")");
            }
        }
        details.put("conditions", judged);
        if (failed.isEmpty() || result.status() == HealthStatus.DOWN) { // already down: its own reason stands
            return new CheckResult(result.status(), result.checkedAt(), result.latency(), result.message(), details);
        }
        String message = (failed.size() == 1 ? "condition failed: " : failed.size() + " of " + conditions.size()
                + " conditions failed: ") + String.join("; ", failed);
        return CheckResult.down(result.checkedAt(), result.latency(), message).withDetails(details);
    }

    private @Nullable Object value(Condition condition, CheckResult result, Map<String, Object> details,
            @Nullable Object body) {
        switch (condition.placeholder()) {
            case "STATUS":
                return details.get("statusCode");
            case "RESPONSE_TIME":
                return result.latency().toMillis();
            case "CERTIFICATE_EXPIRATION":
                Object days = details.get("certificateDaysLeft");
                return days instanceof Number n ? Duration.ofSeconds(Math.round(n.doubleValue() * 86_400)) : null;
            case "DNS_RCODE":
                return details.get("rcode");
            case "CONNECTED":
                return result.status() != HealthStatus.DOWN || details.containsKey("statusCode");
            default:
                return bodyValue(condition.path(), body);
        }
    }

    private @Nullable Object bodyValue(String path, @Nullable Object body) {
        if (!(body instanceof String text)) {
            return null;
        }
        if (path.isEmpty()) {
            return text;
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            return null;
        }
        Matcher parts = BODY_PATH.matcher(path);
        while (node != null && parts.find()) {
            node = parts.group(1) != null ? node.get(parts.group(1)) : node.get(Integer.parseInt(parts.group(2)));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isNumber() ? node.numberValue() : node.isValueNode() ? node.asText() : node.toString();
    }

    private static boolean holds(Condition condition, Object seen) {
        String operator = condition.operator();
        String expected = condition.expected();
        if (seen instanceof Duration duration) {
            Optional<Duration> limit = duration(expected, "h");
            return limit.isPresent() && compare(duration.compareTo(limit.get()), operator);
        }
        if (seen instanceof Number number) {
            Optional<Double> limit = condition.placeholder().equals("RESPONSE_TIME")
                    ? duration(expected, "ms").map(d -> (double) d.toMillis())
                    : number(expected);
            return limit.isPresent() && compare(Double.compare(number.doubleValue(), limit.get()), operator);
        }
        String text = String.valueOf(seen);
        Optional<Double> asNumber = number(text);
        Optional<Double> limit = number(expected);
        if (asNumber.isPresent() && limit.isPresent()) {
            return compare(Double.compare(asNumber.get(), limit.get()), operator);
        }
        return switch (operator) {
            case "==" -> text.equals(expected);
            case "!=" -> !text.equals(expected);
            default -> false; // text has no order here
        };
    }

    private static boolean compare(int order, String operator) {
        return switch (operator) {
            case "==" -> order == 0;
            case "!=" -> order != 0;
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }

    private static Optional<Double> number(String text) {
        try {
            return Optional.of(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A duration such as 72h, 14d, 300ms or 1.5s; a bare number is in the given unit. */
    private static Optional<Duration> duration(String text, String bareUnit) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(trimmed);
        if (!m.matches()) {
            m = DURATION.matcher(trimmed + bareUnit);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        double amount = Double.parseDouble(m.group(1));
        long millis = Math.round(amount * switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        });
        return Optional.of(Duration.ofMillis(millis));
    }

    private static String shown(Object seen) {
        if (seen instanceof Duration duration) {
            return duration.toDays() >= 7 ? duration.toDays() + "d" : duration.toHours() + "h";
        }
        String text = String.valueOf(seen);
        return seen instanceof String ? "'" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "'" : text;
    }

    private static String unquoted(String text) {
        String t = text.trim();
        boolean quoted = (t.startsWith("\"") && t.endsWith("\"")) || (t.startsWith("'") && t.endsWith("'"));
        if (t.length() >= 2 && quoted) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }
}
