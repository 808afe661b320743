package org.issuedesk.ingest.intake;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link WithinTextLimit}. Spring's validator factory builds it as a bean, so the limit
 * comes from {@link IngestProperties}. Counts code points, so an emoji is one character.
 */
public class TextLimitValidator implements ConstraintValidator<WithinTextLimit, String> {

    private final int maxLength;

    public TextLimitValidator(IngestProperties properties) {
        this.maxLength = properties.maxTextLength();
    }

    @Override
    public boolean isValid(String text, ConstraintValidatorContext context) {
        // quick path: a UTF-16 length within the limit means the code points are too
        if (text == null || text.length() <= maxLength || text.codePointCount(0, text.length()) <= maxLength) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate("must be at most " + maxLength + " characters")
                .addConstraintViolation();
        return false;
    }
}
