package org.issuedesk.routing.actor;

import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * TEMPORARY (until issue 6): the actor is the value of {@code X-Issuedesk-Client}, which the gateway sets
 * to the name of the API key's owner after checking the key. The header is not signed: this trusts that
 * only the gateway can reach the service (true under compose and the local run mode). Issue 6 swaps in a
 * verified identity by replacing this bean.
 */
@Component
public class ClientHeaderActor implements CurrentActor {

    public static final String HEADER = "X-Issuedesk-Client";
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    @Override
    public String handle() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        String value = attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest().getHeader(HEADER) : null;
        if (value == null || !HANDLE.matcher(value.trim()).matches()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "This action needs the acting person in " + HEADER + " (set by the gateway).");
            problem.setTitle("Unknown actor");
            throw new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
        }
        return value.trim();
    }
}
