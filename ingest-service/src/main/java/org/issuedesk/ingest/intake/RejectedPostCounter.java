package org.issuedesk.ingest.intake;

import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts the posts the intake refuses (invalid JSON or fields, too large, wrong media type). It
 * only observes: it resolves nothing, so service-support's advice still writes the problem+json,
 * the way Boot's own {@code DefaultErrorAttributes} watches exceptions.
 */
@Component
class RejectedPostCounter implements HandlerExceptionResolver, Ordered {

    private final IntakeMetrics metrics;

    RejectedPostCounter(IntakeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        // a post refused by the Intake itself was counted there
        if (handler instanceof HandlerMethod method && method.getBeanType() == PostController.class
                && isClientMistake(ex) && !(ex instanceof IntakeProblems.RejectedPost)) {
            metrics.rejected(platformOf(ex));
        }
        return null;
    }

    private static boolean isClientMistake(Exception ex) {
        return ex instanceof HttpMessageNotReadableException
                || (ex instanceof ErrorResponse error && error.getStatusCode().is4xxClientError());
    }

    /** The platform of a post that parsed but failed validation; unknown when it did not parse. */
    private static String platformOf(Exception ex) {
        if (ex instanceof MethodArgumentNotValidException invalid
                && invalid.getBindingResult().getTarget() instanceof PostRequest post) {
            return post.platform();
        }
        return IntakeMetrics.UNKNOWN_PLATFORM;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
