package org.issuedesk.classifier.classification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.issuedesk.classifier.ClassifierProperties;
import org.issuedesk.classifier.registry.PolicyFileRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

@Configuration(proxyBeanMethods = false)
class ClassificationConfiguration {

    /** Trained at start-up from the registry and the bundled labelled posts (well under a second). */
    @Bean
    AdaptiveClassifier classifier(PolicyFileRegistry registry, ClassifierProperties properties, ResourceLoader resources) {
        String location = properties.model().trainingData();
        List<LabelledPost> labelled;
        try (InputStream in = resources.getResource(location).getInputStream()) {
            labelled = LabelledPosts.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the training data at " + location, e);
        }
        return new AdaptiveClassifier(registry.all(), registry.offTopicExamples(), labelled,
                HybridClassifier.Settings.DEFAULT);
    }
}
