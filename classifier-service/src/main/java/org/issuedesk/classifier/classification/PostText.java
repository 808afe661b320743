package org.issuedesk.classifier.classification;

/**
 * What the classifier reads of a post.
 *
 * @param text the post's text; null is read as empty
 * @param lang the language the platform claims ("en", "fr-CA", ...), often missing or wrong; may be null
 */
public record PostText(String text, String lang) {

    public PostText {
        text = text == null ? "" : text;
    }
}
