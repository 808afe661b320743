package org.issuedesk.support.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem by hand, for the places that answer before Spring MVC's message
 * converters can (a servlet filter, Tomcat's error valve).
 */
public final class ProblemJson {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemJson() {
    }

    public static byte[] of(int status, String detail, String instance) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        return JSON.writeValueAsBytes(problem);
    }

    public static void write(OutputStream out, int status, String detail, String instance) throws IOException {
        out.write(of(status, detail, instance));
    }
}
