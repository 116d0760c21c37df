package io.devmentor.monitoring.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Static files: the API reference at {@code /docs/} (a page of ours that shows {@code /api/openapi.json} with
 * swagger-ui) and the dashboard's files at {@code /app/} (with uPlot). The libraries come from their WebJars on
 * the classpath, nothing is fetched from the internet. Each handler looks in our folder first, then in the
 * WebJar's, so that our {@code index.html} is the one served.
 */
final class ApiDocs {

    private static final Logger log = LoggerFactory.getLogger(ApiDocs.class);

    private ApiDocs() {
    }

    static void register(ServerConfiguration configuration) {
        ClassLoader loader = ApiDocs.class.getClassLoader();
        serve(configuration, loader, "/docs/", "/META-INF/monitoring/docs/", "swagger-ui", "");
        serve(configuration, loader, "/app/", "/META-INF/monitoring/app/", "npm/uplot", "dist/");
    }

    /** Our folder, then the folder of a WebJar (by its Maven path), at one URL path. */
    private static void serve(ServerConfiguration configuration, ClassLoader loader, String path, String ours,
            String webjar, String inside) {
        List<String> roots = new ArrayList<>(List.of(ours));
        String group = webjar.startsWith("npm/") ? "org.webjars.npm" : "org.webjars";
        String artifact = webjar.substring(webjar.indexOf('/') + 1);
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                log.warn("{} is not on the classpath: {} lacks it", artifact, path);
            } else {
                Properties properties = new Properties();
                properties.load(in);
                roots.add("/META-INF/resources/webjars/" + artifact + "/" + properties.getProperty("version") + "/"
                        + inside);
            }
        } catch (IOException e) {
            log.warn("{} not served: {}", artifact, e.toString());
        }
        configuration.addHttpHandler(new StaticFiles(loader, roots.toArray(String[]::new)), path);
    }

    /** Files from the classpath, with the security headers, HEAD as well as GET, and a JSON 404. */
    private static final class StaticFiles extends CLStaticHttpHandler {
        private static final byte[] MISSING = "{\"error\":\"no such file\"}".getBytes(StandardCharsets.UTF_8);

        private final ClassLoader loader;
        private final String[] roots;

        StaticFiles(ClassLoader loader, String... roots) {
            super(loader, roots);
            this.loader = loader;
            this.roots = roots.clone();
        }

        @Override
        public void service(Request request, Response response) throws Exception {
            SecurityHeaders.apply(response);
            if (Method.HEAD.equals(request.getMethod())) {
                head(request, response);
                return;
            }
            try {
                super.service(request, response);
            } catch (IOException e) {
                WriteFailures.hangUp(request);
            }
        }

        /** The headers a GET would get (Grizzly's handler answers HEAD with 405). */
        private void head(Request request, Response response) throws Exception {
            String path = getRelativeURI(request);
            if (path != null) {
                String file = (path.startsWith("/") ? path.substring(1) : path);
                file = file.isEmpty() || file.endsWith("/") ? file + "index.html" : file;
                for (String root : roots) {
                    java.net.URL url = loader.getResource((root.startsWith("/") ? root.substring(1) : root) + file);
                    if (url != null && !file.contains("..")) {
                        response.setStatus(200);
                        String type = org.glassfish.grizzly.http.util.MimeType.getByFilename(file);
                        response.setContentType(type == null ? "application/octet-stream" : type);
                        response.setContentLengthLong(url.openConnection().getContentLengthLong());
                        return;
                    }
                }
            }
            onMissingResource(request, response);
        }

        @Override
        protected void onMissingResource(Request request, Response response) throws Exception {
            response.setStatus(404);
            response.setContentType("application/json; charset=utf-8");
            response.setContentLength(MISSING.length);
            response.getOutputStream().write(MISSING);
        }
    }
}
