package org.issuedesk.support.identity;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import org.issuedesk.contracts.identity.InternalToken;
import org.issuedesk.support.web.ProblemJson;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lets a request in only with a valid internal token in {@code X-Issuedesk-Identity} (minted by the gateway after it
 * checked the caller); 401 problem+json otherwise. Open without one: health probes, the Prometheus scrape and the
 * OpenAPI document, which platforms and the gateway's {@code /api-docs} read without a caller. The verified identity
 * is a request attribute, read through {@link CurrentIdentity}.
 */
public class IdentityFilter extends OncePerRequestFilter {

    static final String ATTRIBUTE = InternalToken.Identity.class.getName();

    /** Exact paths open without a token; matched on the raw URI, so no encoding or {@code ;} trick widens them. */
    private static final Set<String> OPEN = Set.of("/actuator/health", "/actuator/prometheus", "/v3/api-docs",
            "/v3/api-docs.yaml");
    private static final String HEALTH_GROUPS = "/actuator/health/";
    private static final String API_DOC_GROUPS = "/v3/api-docs/";

    private final InternalToken tokens;

    public IdentityFilter(InternalToken tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isOpen(request)) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(InternalToken.HEADER);
        Optional<InternalToken.Identity> identity = tokens.verify(header);
        if (identity.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType(ProblemJson.MEDIA_TYPE);
            ProblemJson.write(response.getOutputStream(), HttpServletResponse.SC_UNAUTHORIZED,
                    (header == null ? "No" : "No valid") + " verified identity in " + InternalToken.HEADER
                            + ": call this service through the gateway.",
                    null);
            return;
        }
        request.setAttribute(ATTRIBUTE, identity.get());
        chain.doFilter(request, response);
    }

    private static boolean isOpen(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (OPEN.contains(path)) {
            return true;
        }
        boolean plain = path.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '/' || c == '-' || c == '_')
                && !path.contains("//");
        return plain && (path.startsWith(HEALTH_GROUPS) || path.startsWith(API_DOC_GROUPS));
    }
}
