package org.issuedesk.ingest.intake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses request bodies over {@code issuedesk.ingest.max-body-size} with 413 before they are
 * parsed: at once when the declared {@code Content-Length} is too large, otherwise (chunked
 * bodies) after reading one byte past the limit, so nothing larger is ever held in memory.
 */
@ControllerAdvice
class BodySizeLimit extends RequestBodyAdviceAdapter {

    private final int maxBytes;

    BodySizeLimit(IngestProperties properties) {
        this.maxBytes = (int) properties.maxBodySize().toBytes();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (message.getHeaders().getContentLength() > maxBytes) {
            throw new ContentTooLargeException(maxBytes);
        }
        // the container owns the stream: read from it, do not close it
        byte[] body = message.getBody().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw new ContentTooLargeException(maxBytes);
        }
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }
        };
    }

    /** Rendered as problem+json by Spring's handling of {@link ErrorResponseException}. */
    static class ContentTooLargeException extends ErrorResponseException {

        ContentTooLargeException(int maxBytes) {
            super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than " + maxBytes + " bytes."), null);
            setTitle("Request body too large");
        }
    }
}
