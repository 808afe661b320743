package org.issuedesk.support.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Every service's client mistakes come back as problem+json that names the field at fault. */
@WebMvcTest // with the shared defaults, which keep Boot's own handler from taking precedence
class ProblemDetailsAdviceTest {

    record Item(@NotBlank String name, @NotNull Instant at, List<Integer> sizes) {
    }

    @RestController
    static class ItemController {
        @PostMapping("/items")
        String create(@Valid @RequestBody Item item) {
            return "ok";
        }
    }

    @SpringBootConfiguration
    @Import({ItemController.class, ProblemDetailsAdvice.class})
    static class App {
    }

    @Autowired
    MockMvc mvc;

    @Test
    void shouldNameEveryInvalidField() throws Exception {
        mvc.perform(post("/items").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.errors[0].field").value("at"))
                .andExpect(jsonPath("$.errors[1].field").value("name"));
    }

    @Test
    void shouldNameAFieldOfTheWrongType() throws Exception {
        mvc.perform(post("/items").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"a\",\"at\":\"2026-01-01T00:00:00Z\",\"sizes\":[1,\"big\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("sizes[1]"));
    }

    @Test
    void shouldSayWhereTheJsonIsBrokenWithoutInternals() throws Exception {
        mvc.perform(post("/items").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The request body is not valid JSON")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("jackson"))));
    }

    @Test
    void shouldAnswerOtherClientMistakesWithProblemJsonToo() throws Exception {
        mvc.perform(post("/items").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
