package io.devmentor.monitoring.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API reference at {@code /docs/}: a page of ours that shows {@code /api/openapi.json} with swagger-ui, whose
 * files come from its WebJar on the classpath (nothing fetched from the internet). One handler looks in our
 * folder first, then in the WebJar's, so that our {@code index.html} is the one served.
 */
final class ApiDocs {

    private static final String WEBJAR = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Logger log = LoggerFactory.getLogger(ApiDocs.class);

    private ApiDocs() {
    }

    static void register(ServerConfiguration configuration) {
        ClassLoader loader = ApiDocs.class.getClassLoader();
        List<String> roots = new ArrayList<>(List.of("/META-INF/monitoring/docs/"));
        try (InputStream in = loader.getResourceAsStream(WEBJAR)) {
            if (in == null) {
                log.warn("swagger-ui is not on the classpath: /docs/ shows no viewer");
            } else {
                Properties properties = new Properties();
                properties.load(in);
                roots.add("/META-INF/resources/webjars/swagger-ui/" + properties.getProperty("version") + "/");
            }
        } catch (IOException e) {
            log.warn("swagger-ui not served: {}", e.toString());
        }
        configuration.addHttpHandler(new CLStaticHttpHandler(loader, roots.toArray(String[]::new)), "/docs/");
    }
}
