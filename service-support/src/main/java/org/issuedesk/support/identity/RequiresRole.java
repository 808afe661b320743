package org.issuedesk.support.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call a controller method (or every method of a controller class; a method's own annotation
 * wins). {@code admin} may always. An empty list means any role at all. Checked before the body is read, so a caller
 * without the role gets 403 problem+json, never a validation error about a body it may not send.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {

    /** Lower-case role names: ingest, member, lead, analyst, admin. */
    String[] value() default {};
}
