package org.issuedesk.classifier.classification;

import java.util.List;
import java.util.Map;

import org.issuedesk.classifier.ClassifierProperties;
import org.issuedesk.support.identity.RequiresRole;
import org.issuedesk.support.web.ProblemDetailsAdvice.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;

/** {@code POST /api/classify}: tags a batch of posts without publishing anything. */
// any role may classify: it publishes nothing (as at the gateway)
@RequiresRole
@RestController
public class ClassifyController {

    private final Classifier classifier;
    private final int maxPosts;

    public ClassifyController(Classifier classifier, ClassifierProperties properties) {
        this.classifier = classifier;
        this.maxPosts = properties.api().maxPostsPerRequest();
    }

    @PostMapping("/api/classify")
    public ClassifyResponse classify(@Valid @RequestBody ClassifyRequest request) {
        if (request.posts().size() > maxPosts) {
            throw tooManyPosts(request.posts().size());
        }
        List<ClassifyResponse.Result> results = request.posts().stream().map(this::classify).toList();
        return new ClassifyResponse(results);
    }

    private ClassifyResponse.Result classify(ClassifyRequest.Post post) {
        Classification c = classifier.classify(new PostText(post.text(), post.lang()));
        return new ClassifyResponse.Result(post.id(), c.policyFile(), c.confidence(), c.issueKind(), c.language(),
                c.evidence());
    }

    /** The same problem+json shape as a validation failure, naming the field at fault. */
    private ErrorResponseException tooManyPosts(int count) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Invalid request content: posts");
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of("errors", List.of(new FieldProblem("posts",
                "at most " + maxPosts + " posts per request, got " + count))));
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
