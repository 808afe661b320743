package org.issuedesk.localrun;

import java.nio.file.Path;

/** A child process did not become ready; the message carries the end of its log. */
public class StartupException extends RuntimeException {

    private final transient Path logFile;

    public StartupException(String message, Path logFile) {
        super(message);
        this.logFile = logFile;
    }

    /** The child's log, to point a person at. */
    public Path logFile() {
        return logFile;
    }
}
