package io.devmentor.monitoring.core;

import io.devmentor.monitoring.core.plugins.WebhookNotifierProvider;
import io.devmentor.monitoring.spi.Notifier;
import io.devmentor.monitoring.tck.NotifierContract;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in HTTP notifiers (the generic webhook, Slack's incoming webhook, Alertmanager's v2 API), held to the
 * plugin test kit's contract against a real HTTP receiver that answers 503 or 400 on demand.
 */
class BuiltInNotifierContractsTest {

    @TempDir
    Path dir;

    private Receiver receiver;
    private StubPluginContext context;

    private Receiver receiver() throws IOException {
        if (receiver == null) {
            receiver = new Receiver();
        }
        return receiver;
    }

    private StubPluginContext context() {
        if (context == null) {
            context = StubPluginContext.in(dir.resolve("data"));
        }
        return context;
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (context != null) {
            context.close();
        }
    }

    private abstract class OverHttp extends NotifierContract {
        @Override
        protected List<String> deliveries() {
            return receiver.received.stream().map(Object::toString).toList();
        }

        @Override
        protected void refuse(boolean forAWhile) {
            receiver.failing(Integer.MAX_VALUE, forAWhile ? 503 : 400);
        }
    }

    @Nested
    class Webhook extends OverHttp {
        @Override
        protected Notifier createNotifier() throws Exception {
            return new WebhookNotifierProvider.Webhook().create(context()
                    .with("MONITORING_WEBHOOK_URL", receiver().url()));
        }
    }

    @Nested
    class Slack extends OverHttp {
        @Override
        protected Notifier createNotifier() throws Exception {
            return new WebhookNotifierProvider.Slack().create(context().with("ALERT_SLACK_ENABLED", "true")
                    .with("SLACK_WEBHOOK_URL", receiver().url()));
        }
    }

    @Nested
    class Alertmanager extends OverHttp {
        @Override
        protected Notifier createNotifier() throws Exception {
            return new WebhookNotifierProvider.Alertmanager().create(context()
                    .with("ALERTMANAGER_URL", receiver().url()));
        }
    }
}
