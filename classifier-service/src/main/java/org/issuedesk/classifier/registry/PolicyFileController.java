package org.issuedesk.classifier.registry;

import java.util.List;

import org.issuedesk.contracts.classifier.PolicyFileDefinition;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read access to the loaded registry; editing (PUT/DELETE) comes with live reload. */
@RestController
@RequestMapping("/api/policy-files")
public class PolicyFileController {

    private final PolicyFileRegistry registry;

    public PolicyFileController(PolicyFileRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    public List<PolicyFileDefinition> all() {
        return registry.all();
    }

    @GetMapping("/{id}")
    public PolicyFileDefinition one(@PathVariable String id) {
        return registry.find(id).orElseThrow(() -> notFound(id));
    }

    private static ErrorResponseException notFound(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No policy file with id '"
                + (id.length() > 100 ? id.substring(0, 100) + "…" : id) + "'.");
        problem.setTitle("Policy file not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
