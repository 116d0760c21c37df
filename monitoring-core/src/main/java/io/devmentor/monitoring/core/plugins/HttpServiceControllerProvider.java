package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.ServiceController;
import io.devmentor.monitoring.spi.ServiceControllerProvider;

/**
 * Provides the {@code http} service controller: it restarts a service by calling an HTTP endpoint of its
 * own (an orchestrator's API, a supervisor, the service's admin port). A service opts in with
 * {@code settings.restartUrl}; {@code settings.restartMethod} (default POST) and
 * {@code settings.restartTimeoutMs} (default 10000) are optional.
 */
public final class HttpServiceControllerProvider implements ServiceControllerProvider {

    @Override
    public String name() {
        return "http";
    }

    @Override
    public ServiceController create(PluginContext context) {
        return new HttpServiceController();
    }
}
