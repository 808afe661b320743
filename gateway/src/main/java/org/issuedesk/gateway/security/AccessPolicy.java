package org.issuedesk.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call what, decided at the edge per route and method. Deny by default: a path not listed here is open to
 * admins only. The gateway checks the team in a path ({@code /api/teams/{team}/cases}); a case id
 * ({@code /api/cases/{id}}) names no team, so the routing service must check that the case belongs to one of the
 * caller's teams (it receives them in the internal token).
 *
 * <pre>
 * POST /api/posts, /api/posts/**                 ingest
 * POST /api/classify                             any role (it publishes nothing)
 * GET  /api/policy-files[/**], /api/teams[/{id}] any role
 * GET  /api/me                                   any role (the gateway answers: who the caller is)
 * GET  /api/teams/{team}/cases[/**]              analyst; member or lead of {team}
 * POST /api/teams/{team}/cases/**                member or lead of {team}
 * GET  /api/cases/**                             analyst, member, lead (the service checks the case's team)
 * POST /api/cases/**                             member, lead (the service checks the case's team)
 * GET  /api/alerts[/**]                          analyst, member, lead (the service shows the caller's teams' only)
 * anything else (PUT/DELETE policy files, teams) admin
 * </pre>
 * An admin may do everything.
 */
@Component
public class AccessPolicy implements ReactiveAuthorizationManager<AuthorizationContext> {

    private static final PathPattern POSTS = pattern("/api/posts/**");
    private static final PathPattern CLASSIFY = pattern("/api/classify");
    private static final PathPattern POLICY_FILES = pattern("/api/policy-files/**");
    private static final PathPattern TEAM_CASES = pattern("/api/teams/{team}/cases/**");
    private static final PathPattern TEAMS = pattern("/api/teams");
    private static final PathPattern TEAM = pattern("/api/teams/{team}");
    private static final PathPattern CASES = pattern("/api/cases/**");
    private static final PathPattern ME = pattern("/api/me");
    private static final PathPattern ALERTS = pattern("/api/alerts/**");

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        ServerHttpRequest request = context.getExchange().getRequest();
        return authentication
                .filter(IssueDeskAuthentication.class::isInstance)
                .map(auth -> {
                    CallerIdentity caller = ((IssueDeskAuthentication) auth).identity();
                    // for the access log, which also names who was refused
                    context.getExchange().getAttributes().put(ForwardedIdentityFilter.IDENTITY_ATTRIBUTE, caller);
                    return (AuthorizationResult) new AuthorizationDecision(
                            allows(caller, request.getMethod(), request.getPath().pathWithinApplication()));
                })
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    /** The rule table above. */
    public boolean allows(CallerIdentity caller, HttpMethod method, PathContainer path) {
        if (caller.has(Role.ADMIN)) {
            return true;
        }
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        boolean anyRole = !caller.roles().isEmpty();
        if (POSTS.matches(path)) {
            return HttpMethod.POST.equals(method) && caller.has(Role.INGEST);
        }
        if (CLASSIFY.matches(path)) {
            return HttpMethod.POST.equals(method) && anyRole;
        }
        if (ME.matches(path)) {
            return read && anyRole;
        }
        if (POLICY_FILES.matches(path)) {
            return read && anyRole;
        }
        PathPattern.PathMatchInfo teamCases = TEAM_CASES.matchAndExtract(path);
        if (teamCases != null) {
            String team = teamCases.getUriVariables().get("team");
            if (read) {
                return caller.has(Role.ANALYST) || caller.worksIn(team);
            }
            return HttpMethod.POST.equals(method) && caller.worksIn(team);
        }
        if (TEAMS.matches(path) || TEAM.matches(path)) {
            return read && anyRole;
        }
        if (ALERTS.matches(path)) {
            return read && (caller.has(Role.ANALYST) || caller.has(Role.MEMBER) || caller.has(Role.LEAD));
        }
        if (CASES.matches(path)) {
            boolean worker = caller.has(Role.MEMBER) || caller.has(Role.LEAD);
            if (read) {
                return caller.has(Role.ANALYST) || worker;
            }
            return HttpMethod.POST.equals(method) && worker;
        }
        return false;
    }

    private static PathPattern pattern(String pattern) {
        return PathPatternParser.defaultInstance.parse(pattern);
    }
}
