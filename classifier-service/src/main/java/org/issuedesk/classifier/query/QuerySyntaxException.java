package org.issuedesk.classifier.query;

/** A topic query that cannot be parsed, with the 0-based position of the error in the query text. */
public class QuerySyntaxException extends IllegalArgumentException {

    private final int position;
    private final String reason;

    public QuerySyntaxException(String message, int position) {
        super(message + " (at position " + position + ")");
        this.position = position;
        this.reason = message;
    }

    /** What is wrong, without the position: "'(' is not closed". */
    public String reason() {
        return reason;
    }

    /** The 1-based column of the error, as an analyst counts characters in an editor. */
    public int column() {
        return position + 1;
    }

    public int position() {
        return position;
    }
}
