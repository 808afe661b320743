package org.issuedesk.classifier.registry;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Part of readiness ({@code policyFiles}): an instance that has not yet read the registry topic would
 * tag posts with definitions that may have been changed or deleted.
 */
@Component
public class PolicyFilesHealthIndicator extends AbstractHealthIndicator {

    private final PolicyFileReloader reloader;
    private final PolicyFileRegistry registry;

    public PolicyFilesHealthIndicator(PolicyFileReloader reloader, PolicyFileRegistry registry) {
        super("Policy-file registry check failed");
        this.reloader = reloader;
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        (reloader.isLoaded() ? builder.up() : builder.outOfService().withDetail("reason",
                "registry.policy-files not read yet"))
                .withDetail("policyFiles", registry.all().size());
    }
}
