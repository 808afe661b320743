package org.issuedesk.support.identity;

import org.issuedesk.contracts.identity.InternalToken;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Applies {@link RequiresRole} before the handler runs (and before its body is read). */
class RequiredRoleInterceptor implements HandlerInterceptor {

    private final CurrentIdentity identity;

    RequiredRoleInterceptor(CurrentIdentity identity) {
        this.identity = identity;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequiresRole required = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresRole.class);
        if (required == null) {
            required = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresRole.class);
        }
        if (required == null) {
            return true;
        }
        if (required.value().length > 0) {
            identity.requireRole(required.value());
            return true;
        }
        InternalToken.Identity caller = identity.require();
        if (caller.roles().isEmpty()) {
            throw CurrentIdentity.problem(HttpStatus.FORBIDDEN, "Forbidden", "This needs a role; the caller has none.");
        }
        return true;
    }
}
