package org.issuedesk.support.identity;

import java.util.Arrays;
import java.util.Optional;

import org.issuedesk.contracts.identity.InternalToken;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import jakarta.servlet.ServletRequest;

/**
 * The caller of the current request, as the gateway verified it and {@link IdentityFilter} checked it. Controllers
 * ask here instead of reading headers.
 */
public class CurrentIdentity {

    /** The verified caller; empty outside a request or on an open path (health, API document). */
    public Optional<InternalToken.Identity> find() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object identity = attributes == null ? null
                : attributes.getAttribute(IdentityFilter.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return identity instanceof InternalToken.Identity verified ? Optional.of(verified) : Optional.empty();
    }

    /** The verified caller of this request, for code that runs before Spring MVC (a servlet filter after ours). */
    public static Optional<InternalToken.Identity> of(ServletRequest request) {
        return request.getAttribute(IdentityFilter.ATTRIBUTE) instanceof InternalToken.Identity verified
                ? Optional.of(verified) : Optional.empty();
    }

    /** The verified caller; a 401 problem+json when there is none. */
    public InternalToken.Identity require() {
        return find().orElseThrow(() -> problem(HttpStatus.UNAUTHORIZED, "Unauthorized",
                "No verified identity in " + InternalToken.HEADER + ": call this service through the gateway."));
    }

    /** The verified caller, when it holds one of these roles ({@code admin} always does); 403 problem+json otherwise. */
    public InternalToken.Identity requireRole(String... roles) {
        InternalToken.Identity caller = require();
        if (caller.hasRole("admin") || Arrays.stream(roles).anyMatch(caller::hasRole)) {
            return caller;
        }
        throw problem(HttpStatus.FORBIDDEN, "Forbidden",
                "This needs the role " + String.join(" or ", roles) + (roles.length > 0 ? " or admin." : "admin."));
    }

    /** A problem+json error with this status, rendered by Spring MVC (and service-support's advice). */
    public static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
