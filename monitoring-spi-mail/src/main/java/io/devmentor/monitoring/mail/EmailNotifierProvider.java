package io.devmentor.monitoring.mail;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.Notifier;
import io.devmentor.monitoring.spi.NotifierProvider;
import io.devmentor.monitoring.spi.PluginContext;

/**
 * The {@code email} channel, over SMTP with Jakarta Mail: {@code ALERT_EMAIL_ENABLED=true},
 * {@code SMTP_HOST}, {@code SMTP_PORT} (25), {@code SMTP_USER} and {@code SMTP_PASSWORD} (optional),
 * {@code SMTP_STARTTLS} (false), {@code ALERT_EMAIL_FROM}, {@code ALERT_EMAIL_TO} (commas between several).
 */
public final class EmailNotifierProvider implements NotifierProvider {

    @Override
    public String name() {
        return "email";
    }

    @Override
    public Availability availability(PluginContext context) {
        if (!context.setting("ALERT_EMAIL_ENABLED").map(Boolean::parseBoolean).orElse(false)) {
            return Availability.notRequested("set ALERT_EMAIL_ENABLED=true, SMTP_HOST, ALERT_EMAIL_FROM and ALERT_EMAIL_TO");
        }
        for (String required : new String[] {"SMTP_HOST", "ALERT_EMAIL_FROM", "ALERT_EMAIL_TO"}) {
            if (context.setting(required).isEmpty()) {
                return Availability.unavailable("ALERT_EMAIL_ENABLED=true, but " + required + " is not set");
            }
        }
        return Availability.AVAILABLE;
    }

    @Override
    public Notifier create(PluginContext context) {
        return new EmailNotifier(
                context.setting("SMTP_HOST").orElseThrow(),
                Integer.parseInt(context.setting("SMTP_PORT").orElse("25")),
                context.setting("SMTP_USER"),
                context.setting("SMTP_PASSWORD"),
                context.setting("SMTP_STARTTLS").map(Boolean::parseBoolean).orElse(false),
                context.setting("ALERT_EMAIL_FROM").orElseThrow(),
                context.setting("ALERT_EMAIL_TO").orElseThrow());
    }
}
