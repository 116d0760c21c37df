package io.devmentor.monitoring.core.support;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings that name environment variables as {@code ${NAME}}, so that secrets stay out of the services file.
 * A message names the setting and the variable, never a value.
 */
public final class EnvironmentValues {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvironmentValues() {
    }

    /**
     * A setting's value with its {@code ${NAME}}s replaced from the environment.
     *
     * @param setting the setting's name, for the message
     * @param value its value in the services file
     * @param environment the process's environment
     * @return the value
     * @throws IllegalArgumentException naming the setting and the variable that is not set
     */
    public static String expand(String setting, String value, Function<String, Optional<String>> environment) {
        Matcher variables = VARIABLE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (variables.find()) {
            String name = variables.group(1);
            String found = environment.apply(name).orElseThrow(() -> new IllegalArgumentException("settings."
                    + setting + " names ${" + name + "}, which is not set in the environment"));
            variables.appendReplacement(expanded, Matcher.quoteReplacement(found));
        }
        variables.appendTail(expanded);
        return expanded.toString();
    }
}
