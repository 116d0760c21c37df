/**
 * The email adapter of DevMentor Monitoring: the {@code email} notifier, over SMTP with Jakarta Mail. Like every
 * adapter it depends on the API alone; it exports nothing, and is found through {@link java.util.ServiceLoader}.
 */
module io.devmentor.monitoring.mail {
    requires io.devmentor.monitoring.api;
    requires jakarta.mail;

    provides io.devmentor.monitoring.spi.NotifierProvider with io.devmentor.monitoring.mail.EmailNotifierProvider;
}
