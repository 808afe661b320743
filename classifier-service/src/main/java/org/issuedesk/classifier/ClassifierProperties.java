package org.issuedesk.classifier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * Settings of the classifier, under {@code issuedesk.classifier}.
 *
 * @param registry where the policy-file definitions come from
 * @param api      limits of the REST API
 * @param model    what the model learns from
 */
@Validated
@ConfigurationProperties("issuedesk.classifier")
public record ClassifierProperties(@Valid Registry registry, @Valid Api api, @Valid Model model) {

    public ClassifierProperties {
        registry = registry == null ? new Registry(null) : registry;
        api = api == null ? new Api(null) : api;
        model = model == null ? new Model(null) : model;
    }

    /**
     * @param trainingData a Spring resource location of labelled posts (JSON lines shaped like the dev
     *                     set) that the model learns from besides the registry's examples
     */
    public record Model(@NotBlank String trainingData) {

        public static final String DEFAULT_TRAINING_DATA = "classpath:training/posts-labelled.jsonl";

        public Model {
            trainingData = trainingData == null ? DEFAULT_TRAINING_DATA : trainingData;
        }
    }

    /**
     * @param location a Spring resource location of the registry YAML, e.g. {@code file:/etc/issuedesk/policy-files.yaml}
     */
    public record Registry(@NotBlank String location) {

        public static final String DEFAULT_LOCATION = "classpath:registry/policy-files.yaml";

        public Registry {
            location = location == null ? DEFAULT_LOCATION : location;
        }
    }

    /**
     * @param maxPostsPerRequest how many posts one {@code POST /api/classify} may carry
     */
    public record Api(@Min(1) @Max(10_000) Integer maxPostsPerRequest) {

        public Api {
            maxPostsPerRequest = maxPostsPerRequest == null ? 100 : maxPostsPerRequest;
        }
    }
}
