package org.issuedesk.gateway.console;

import org.issuedesk.gateway.IssueDeskGatewayProperties;
import org.issuedesk.gateway.security.SsoLogin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The web console: plain HTML, CSS and ES modules from {@code classpath:/console/}, served at {@code /} (the page)
 * and {@code /console/**} (its modules and styles). Only these two paths: any other unknown path stays a 404
 * problem. The files hold no data and sit outside the {@code /api/**} door; the page signs in to the API itself.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleResources {

    private static final Resource PAGE = new ClassPathResource("console/index.html");

    /**
     * What the page needs to know before anyone signs in ({@code GET /console/config}): whether it may offer single
     * sign-on, and where.
     *
     * @param sso null when only API keys sign in
     */
    public record ConsoleConfig(Sso sso) {

        /** @param signIn where the browser goes to sign in; @param signOut where it POSTs to sign out */
        public record Sso(String signIn, String signOut) {
        }
    }

    @Bean
    RouterFunction<ServerResponse> consoleFiles(IssueDeskGatewayProperties properties) {
        ConsoleConfig config = new ConsoleConfig(properties.sso().enabled()
                ? new ConsoleConfig.Sso(SsoLogin.SIGN_IN_PATH, SsoLogin.SIGN_OUT_PATH) : null);
        // no-cache: a browser revalidates, so a new gateway version is seen at the next load
        CacheControl revalidate = CacheControl.noCache();
        return RouterFunctions.route()
                .GET("/", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(PAGE))
                .GET("/console/config", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(config))
                .add(RouterFunctions.resources("/console/**", new ClassPathResource("console/")))
                .filter((request, next) -> {
                    // on the exchange's response, before the handler writes: a ServerResponse's headers are read-only
                    HttpHeaders headers = request.exchange().getResponse().getHeaders();
                    headers.setCacheControl(revalidate);
                    // the console's own files only: no framing by other sites, no sniffing, scripts from here only
                    headers.set("X-Content-Type-Options", "nosniff");
                    headers.set("X-Frame-Options", "DENY");
                    headers.set("Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'");
                    return next.handle(request);
                })
                .build();
    }
}
