package org.issuedesk.gateway.edge;

import java.util.List;

import reactor.core.publisher.Mono;

import org.issuedesk.gateway.web.ProblemResponses;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * No endpoint behind the gateway takes an HTML form: bodies are JSON (or NDJSON). A form body is refused here
 * with 415 problem+json naming the Content-Type, before anything decodes it: a form that cannot be decoded
 * (a stray {@code %}) otherwise failed in a service's form filter (500, turned into 503 by the circuit breaker)
 * or got a non-problem 400. After Spring Security (order -100), so an anonymous caller still gets 401.
 */
@Component
@Order(0)
public class FormBodyFilter implements WebFilter {

    private static final List<MediaType> FORMS = List.of(MediaType.APPLICATION_FORM_URLENCODED,
            MediaType.MULTIPART_FORM_DATA, MediaType.MULTIPART_MIXED);

    private final ProblemResponses problems;

    public FormBodyFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String contentType = exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !isForm(contentType)) {
            return chain.filter(exchange);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type '" + MediaType.parseMediaType(contentType).getType() + "/"
                        + MediaType.parseMediaType(contentType).getSubtype()
                        + "' is not supported: send JSON (application/json).");
        // the body is not read: close the connection rather than leave it unread on a kept-alive one
        return problems.write(exchange, problem, headers -> {
            headers.setAccept(List.of(MediaType.APPLICATION_JSON));
            headers.set(HttpHeaders.CONNECTION, "close");
        });
    }

    private static boolean isForm(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return FORMS.stream().anyMatch(form -> form.equalsTypeAndSubtype(type));
        } catch (InvalidMediaTypeException e) {
            return false; // not a form; what is wrong with it is the service's to say (415)
        }
    }
}
