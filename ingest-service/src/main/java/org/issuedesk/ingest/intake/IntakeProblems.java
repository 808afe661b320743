package org.issuedesk.ingest.intake;

import java.util.List;

import org.issuedesk.ingest.intake.ItemOutcome.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The intake's own problem+json answers. */
@RestControllerAdvice(assignableTypes = {PostController.class, BatchController.class})
class IntakeProblems {

    private static final Logger log = LoggerFactory.getLogger(IntakeProblems.class);

    private final PostPublisher publisher;

    IntakeProblems(PostPublisher publisher) {
        this.publisher = publisher;
    }

    /** Without the ledger nothing can be de-duplicated, so nothing is published: try again later. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> ledgerUnavailable(DataAccessException e) {
        log.warn("ledger unavailable: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The post was not stored: the intake's ledger is unavailable. Send it again later.");
        problem.setTitle("Intake unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, publisher.retryAfter().toSeconds())))
                .body(problem);
    }

    /** A post that parsed and passed @Valid but was refused by the intake (e.g. nothing left once HTML is removed). */
    static class RejectedPost extends ErrorResponseException {

        RejectedPost(List<FieldError> errors) {
            super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The post is invalid."),
                    null);
            setTitle("Invalid post");
            getBody().setProperty("errors", errors);
        }
    }

    /** The batch as a whole is refused (too many items, not an array, ...). */
    static ErrorResponseException badBatch(HttpStatus status, String title, String detail) {
        ErrorResponseException e = new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        e.setTitle(title);
        return e;
    }
}
