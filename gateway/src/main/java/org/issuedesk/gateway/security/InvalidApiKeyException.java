package org.issuedesk.gateway.security;

import org.springframework.security.authentication.BadCredentialsException;

/** An {@code X-API-Key} that matches no configured key. */
class InvalidApiKeyException extends BadCredentialsException {

    InvalidApiKeyException() {
        super("unknown API key");
    }
}
