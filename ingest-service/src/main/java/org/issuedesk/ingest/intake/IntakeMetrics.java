package org.issuedesk.ingest.intake;

import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the intake measures: posts by outcome ({@code accepted}, {@code duplicate}, {@code rejected},
 * {@code unavailable}), source and platform,
 * and how long the broker takes to acknowledge a post ({@code success} or {@code failure}).
 */
@Component
public class IntakeMetrics {

    public static final String POSTS = "issuedesk.ingest.posts";
    public static final String PUBLISH = "issuedesk.ingest.publish";
    /** Platform tag of a rejected post whose platform is missing or invalid. */
    static final String UNKNOWN_PLATFORM = "unknown";

    private static final Pattern PLATFORM = Pattern.compile(PostRequest.PLATFORM);

    private final MeterRegistry registry;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Source tag of posts sent to {@code POST /api/posts} and {@code POST /api/posts/batch}. */
    public static final String API = "api";
    public static final String BATCH = "batch";

    void accepted(String platform) {
        posts("accepted", API, platform).increment();
    }

    void rejected(String platform) {
        posts("rejected", API, platform).increment();
    }

    /** One post's outcome ({@code accepted}, {@code duplicate}, {@code rejected}, {@code unavailable}). */
    public void outcome(String outcome, String source, String platform) {
        posts(outcome, source, platform).increment();
    }

    Timer.Sample startPublish() {
        return Timer.start(registry);
    }

    void published(Timer.Sample sample, boolean success) {
        sample.stop(Timer.builder(PUBLISH)
                .description("Time from sending a post to posts.raw until the broker acknowledged it (or the send failed)")
                .tag("outcome", success ? "success" : "failure")
                .register(registry));
    }

    private Counter posts(String outcome, String source, String platform) {
        String tag = platform != null && PLATFORM.matcher(platform).matches() ? platform : UNKNOWN_PLATFORM;
        return Counter.builder(POSTS)
                .description("Posts received by the intake, by outcome, source (api, batch, a connector) and platform")
                .tag("outcome", outcome)
                .tag("source", source)
                .tag("platform", tag)
                .register(registry);
    }
}
