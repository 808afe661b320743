package org.issuedesk.ingest.intake;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The text is at most {@code issuedesk.ingest.max-text-length} characters long. A constraint of
 * its own because {@code @Size} takes only a compile-time constant.
 */
@Documented
@Target(FIELD)
@Retention(RUNTIME)
@Constraint(validatedBy = TextLimitValidator.class)
public @interface WithinTextLimit {

    String message() default "is longer than the configured limit";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
