package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.Notifier;
import io.devmentor.monitoring.spi.NotifierProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.net.URI;

/**
 * The notification channels that are one JSON POST: {@code slack} (an incoming webhook,
 * {@code ALERT_SLACK_ENABLED} and {@code SLACK_WEBHOOK_URL}), {@code webhook} (any receiver,
 * {@code MONITORING_WEBHOOK_URL}) and {@code alertmanager} (its v2 API, {@code ALERTMANAGER_URL}).
 */
public abstract class WebhookNotifierProvider implements NotifierProvider {

    private WebhookNotifierProvider() {
    }

    abstract String urlSetting();

    abstract Notifier notifier(URI url);

    @Override
    public Availability availability(PluginContext context) {
        if (context.setting(urlSetting()).isEmpty()) {
            return Availability.notRequested("set " + urlSetting());
        }
        try {
            URI url = URI.create(context.setting(urlSetting()).get());
            if (url.getScheme() == null || url.getHost() == null) {
                return Availability.unavailable(urlSetting() + " must be an absolute http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            return Availability.unavailable(urlSetting() + " is not a URL");
        }
        return Availability.AVAILABLE;
    }

    @Override
    public Notifier create(PluginContext context) {
        return notifier(URI.create(context.setting(urlSetting()).orElseThrow()));
    }

    /** Slack's incoming webhook: {@code {"text": …}}. */
    public static final class Slack extends WebhookNotifierProvider {
        @Override
        public String name() {
            return "slack";
        }

        @Override
        String urlSetting() {
            return "SLACK_WEBHOOK_URL";
        }

        @Override
        public Availability availability(PluginContext context) {
            if (!context.setting("ALERT_SLACK_ENABLED").map(Boolean::parseBoolean).orElse(false)) {
                return Availability.notRequested("set ALERT_SLACK_ENABLED=true and SLACK_WEBHOOK_URL");
            }
            return super.availability(context);
        }

        @Override
        Notifier notifier(URI url) {
            HttpDelivery http = new HttpDelivery();
            return new Notifier() {
                @Override
                public java.util.concurrent.CompletionStage<Void> send(io.devmentor.monitoring.spi.Notification n) {
                    return http.postJson(url, java.util.Map.of("text", n.text()), "Slack");
                }

                @Override
                public void close() {
                    http.close();
                }
            };
        }
    }

    /** Any JSON receiver: the notification and its incident. */
    public static final class Webhook extends WebhookNotifierProvider {
        @Override
        public String name() {
            return "webhook";
        }

        @Override
        String urlSetting() {
            return "MONITORING_WEBHOOK_URL";
        }

        @Override
        Notifier notifier(URI url) {
            HttpDelivery http = new HttpDelivery();
            return new Notifier() {
                @Override
                public java.util.concurrent.CompletionStage<Void> send(io.devmentor.monitoring.spi.Notification n) {
                    return http.postJson(url, IncidentPayloads.webhook(n), "the webhook");
                }

                @Override
                public void close() {
                    http.close();
                }
            };
        }
    }

    /** Alertmanager's v2 API: the incident as an alert, firing until resolved. */
    public static final class Alertmanager extends WebhookNotifierProvider {
        @Override
        public String name() {
            return "alertmanager";
        }

        @Override
        String urlSetting() {
            return "ALERTMANAGER_URL";
        }

        @Override
        Notifier notifier(URI base) {
            URI url = URI.create(base.toString().replaceAll("/+$", "") + "/api/v2/alerts");
            HttpDelivery http = new HttpDelivery();
            return new Notifier() {
                @Override
                public java.util.concurrent.CompletionStage<Void> send(io.devmentor.monitoring.spi.Notification n) {
                    return http.postJson(url, IncidentPayloads.alertmanager(n), "Alertmanager");
                }

                @Override
                public void close() {
                    http.close();
                }
            };
        }
    }
}
