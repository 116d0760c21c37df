package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.Push;
import io.devmentor.monitoring.api.ServiceDefinition;

/**
 * A {@link HealthChecker} that is told of the reports services send of themselves ({@code POST
 * /api/push/{service}} on the server, {@code Monitoring.push} in a host), for services of its kind. The engine
 * checks the service's token before; the checker judges, at each check, what came and when.
 */
public interface PushReceiver {

    /**
     * A service of this checker's kind reported.
     *
     * @param service the service
     * @param push what it said
     */
    void received(ServiceDefinition service, Push push);
}
