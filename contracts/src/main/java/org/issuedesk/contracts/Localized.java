package org.issuedesk.contracts;

/** A text in both official languages. */
public record Localized(String en, String fr) {

    /** The text in {@code language} ("en" or "fr"), falling back to English. */
    public String in(String language) {
        return "fr".equals(language) && fr != null ? fr : en;
    }
}
