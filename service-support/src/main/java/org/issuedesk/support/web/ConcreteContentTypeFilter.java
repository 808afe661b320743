package org.issuedesk.support.web;

import java.io.IOException;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a body whose Content-Type is not a concrete media type ({@code *}{@code /*}, {@code text/*},
 * garbage) with 415 problem+json. Spring MVC would otherwise throw an IllegalArgumentException
 * deep in content negotiation, which surfaces as a 500.
 */
class ConcreteContentTypeFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && !contentType.isBlank() && !isConcrete(contentType)) {
            response.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
            response.setContentType(ProblemJson.MEDIA_TYPE);
            ProblemJson.write(response.getOutputStream(), HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must name a concrete media type, such as application/json.", request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isConcrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
