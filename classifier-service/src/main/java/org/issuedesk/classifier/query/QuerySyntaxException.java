package org.issuedesk.classifier.query;

/** A topic query that cannot be parsed, with the 0-based position of the error in the query text. */
public class QuerySyntaxException extends IllegalArgumentException {

    private final int position;

    public QuerySyntaxException(String message, int position) {
        super(message + " (at position " + position + ")");
        this.position = position;
    }

    public int position() {
        return position;
    }
}
