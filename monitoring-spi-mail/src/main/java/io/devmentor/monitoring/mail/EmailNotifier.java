package io.devmentor.monitoring.mail;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.spi.DeliveryException;
import io.devmentor.monitoring.spi.Notification;
import io.devmentor.monitoring.spi.Notifier;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Sends one plain-text mail per notification. SMTP is blocking: it runs on a thread of its own. */
final class EmailNotifier implements Notifier {

    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    // A daemon, so a mail server that hangs never holds the JVM open.
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "monitoring-notify-email");
        thread.setDaemon(true);
        return thread;
    });

    EmailNotifier(String host, int port, Optional<String> user, Optional<String> password, boolean startTls,
            String from, String to) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        properties.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        Authenticator authenticator = null;
        if (user.isPresent()) {
            properties.put("mail.smtp.auth", "true");
            PasswordAuthentication credentials = new PasswordAuthentication(user.get(), password.orElse(""));
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return credentials;
                }
            };
        }
        this.session = Session.getInstance(properties, authenticator);
        try {
            this.from = new InternetAddress(from, true);
            this.to = InternetAddress.parse(to, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("ALERT_EMAIL_FROM or ALERT_EMAIL_TO is not a valid address: "
                    + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("JavaUtilDate") // Jakarta Mail's Date header takes a java.util.Date
    public CompletionStage<Void> send(Notification notification) {
        return CompletableFuture.runAsync(() -> {
            try {
                Incident incident = notification.incident();
                MimeMessage message = new MimeMessage(session);
                message.setFrom(from);
                message.setRecipients(Message.RecipientType.TO, to);
                message.setSubject("[" + incident.severity().wireName() + "] " + incident.service() + ": "
                        + notification.transition() + " — " + incident.description(), StandardCharsets.UTF_8.name());
                message.setText(notification.text() + "\n\nIncident " + incident.id() + "\nStatus: "
                        + incident.status().wireName() + "\nOpened: " + incident.createdAt() + "\n",
                        StandardCharsets.UTF_8.name());
                message.setHeader("X-DevMentor-Notification", notification.id());
                message.setSentDate(new Date());
                Transport.send(message);
            } catch (SendFailedException e) {
                throw new java.util.concurrent.CompletionException(new DeliveryException(
                        "the mail server refused the message: " + e.getMessage(), false));
            } catch (MessagingException e) {
                throw new java.util.concurrent.CompletionException(new DeliveryException(
                        "the mail server is unreachable or failed: " + e.getMessage(), true));
            }
        }, executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
