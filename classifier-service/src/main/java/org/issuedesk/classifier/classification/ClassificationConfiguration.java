package org.issuedesk.classifier.classification;

import org.issuedesk.classifier.registry.PolicyFileRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClassificationConfiguration {

    /** Built once from the registry loaded at start-up. */
    @Bean
    Classifier classifier(PolicyFileRegistry registry) {
        return new LexicalClassifier(registry.all());
    }
}
