package io.devmentor.monitoring.api;

import java.util.regex.Pattern;

/**
 * Event-type patterns, as live subscriptions and history queries take them: {@code service.*},
 * {@code incident.created}, {@code *}, where {@code *} stands for any characters and every other character for
 * itself.
 */
public final class EventPatterns {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._*-]{1,100}");

    private EventPatterns() {
    }

    /**
     * Refuses what is not a pattern, naming it.
     *
     * @param pattern the pattern
     * @throws IllegalArgumentException unless it is 1–100 of letters, digits, '.', '_', '-', '*'
     */
    public static void requireValid(String pattern) {
        if (pattern == null || !VALID.matcher(pattern).matches()) {
            throw new IllegalArgumentException("event pattern must be 1–100 of letters, digits, '.', '_', '-', '*',"
                    + " was '" + pattern + "'");
        }
    }

    /**
     * Whether a pattern matches an event type.
     *
     * @param pattern the pattern
     * @param type the event type
     * @return true when it matches
     */
    public static boolean matches(String pattern, String type) {
        // Greedy matching that backtracks only to the last '*': linear in practice, never exponential.
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < type.length()) {
            if (p < pattern.length() && pattern.charAt(p) == type.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
