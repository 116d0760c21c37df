package io.devmentor.monitoring.core.intelligence;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.FailureKinds;
import java.util.Locale;

/** Tells the kind of a failed check from its result: its HTTP status, or the words of its error. */
final class FailureClassifier {

    private FailureClassifier() {
    }

    static String classify(CheckResult result) {
        Object code = result.details().get("statusCode");
        if (code instanceof Number number) {
            int status = number.intValue();
            if (status >= 500) {
                return FailureKinds.HTTP_5XX;
            }
            if (status >= 400) {
                return FailureKinds.HTTP_4XX;
            }
            return FailureKinds.UNEXPECTED_ANSWER;
        }
        String message = result.message().toLowerCase(Locale.ROOT);
        if (message.contains("refused") || message.contains("connectexception")) {
            return FailureKinds.CONNECTION_REFUSED;
        }
        if (message.contains("timed out") || message.contains("timeout")) {
            return FailureKinds.TIMEOUT;
        }
        if (message.contains("unresolved") || message.contains("unresolvedaddress") || message.contains("unknownhost") || message.contains("unknown host")
                || message.contains("name or service not known") || message.contains("nodename")) {
            return FailureKinds.DNS;
        }
        if (message.contains("certificate") || message.contains("ssl") || message.contains("pkix")
                || message.contains("handshake")) {
            return FailureKinds.CERTIFICATE;
        }
        return FailureKinds.UNKNOWN;
    }
}
