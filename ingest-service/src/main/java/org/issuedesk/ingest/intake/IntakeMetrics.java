package org.issuedesk.ingest.intake;

import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the intake measures: posts by outcome ({@code accepted}, {@code rejected}) and platform,
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

    void accepted(String platform) {
        posts("accepted", platform).increment();
    }

    void rejected(String platform) {
        posts("rejected", platform).increment();
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

    private Counter posts(String outcome, String platform) {
        String tag = platform != null && PLATFORM.matcher(platform).matches() ? platform : UNKNOWN_PLATFORM;
        return Counter.builder(POSTS)
                .description("Posts received by the intake, by outcome and platform")
                .tag("outcome", outcome)
                .tag("platform", tag)
                .register(registry);
    }
}
