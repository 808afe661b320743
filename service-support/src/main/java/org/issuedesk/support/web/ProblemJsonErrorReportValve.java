package org.issuedesk.support.web;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat refuses some requests before any servlet sees them (an encoded '/' or NUL in the path,
 * invalid UTF-8, an oversized header) and answers with its HTML error report. This valve answers
 * problem+json instead, and never shows a stack trace or the server's version.
 */
public class ProblemJsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType(ProblemJson.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            ProblemJson.write(response.getOutputStream(), status,
                    status >= 500 ? "The service could not handle the request." : "The request could not be handled as sent.",
                    null);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is already committed: nothing more to say
        }
    }
}
