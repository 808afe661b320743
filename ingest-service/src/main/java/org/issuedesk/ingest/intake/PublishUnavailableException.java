package org.issuedesk.ingest.intake;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The broker did not acknowledge a post in time: 503 problem+json with a {@code Retry-After}. */
public class PublishUnavailableException extends ErrorResponseException {

    public PublishUnavailableException(Duration retryAfter, Throwable cause) {
        this(retryAfter, "The post was not stored: the message broker did not acknowledge it in time. Send it again later.",
                cause);
    }

    public PublishUnavailableException(Duration retryAfter, String detail) {
        this(retryAfter, detail, null);
    }

    private PublishUnavailableException(Duration retryAfter, String detail, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail),
                cause);
        setTitle("Intake unavailable");
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
}
