package org.issuedesk.testsupport;

import java.util.List;
import java.util.Map;

import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.util.ClassUtils;

/**
 * Every Spring test context of a service checks forwarded identities with {@link TestIdentity#KEY}, as if the
 * gateway shared it. Requests a test sends through MockMvc without an {@code X-Issuedesk-Identity} get a fresh admin
 * token ({@code test-admin}), so tests about something else need not repeat it; a test about access sets its own
 * header, which wins. Real HTTP clients (RANDOM_PORT) get nothing added: they send {@link TestIdentity} tokens.
 */
public class TestIdentityContextCustomizerFactory implements ContextCustomizerFactory {

    private static final boolean MOCK_MVC = ClassUtils.isPresent(
            "org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer",
            TestIdentityContextCustomizerFactory.class.getClassLoader());

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new KeyCustomizer();
    }

    /** Equal for every test class, so the context cache is not split. */
    private static final class KeyCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            context.getEnvironment().getPropertySources().addFirst(
                    new MapPropertySource("testIdentity", Map.of("issuedesk.identity.key", TestIdentity.KEY)));
            if (MOCK_MVC) {
                MockMvcDefaults.register(context);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof KeyCustomizer;
        }

        @Override
        public int hashCode() {
            return KeyCustomizer.class.hashCode();
        }
    }

    /** Apart, so that contexts without MockMvc on the classpath never load its classes. */
    private static final class MockMvcDefaults {

        static void register(ConfigurableApplicationContext context) {
            MockMvcBuilderCustomizer customizer = builder -> builder.defaultRequest(
                    MockMvcRequestBuilders.get("/").with(request -> {
                        if (request.getHeader(TestIdentity.HEADER) == null) {
                            request.addHeader(TestIdentity.HEADER, TestIdentity.admin("test-admin"));
                        }
                        return request;
                    }));
            context.getBeanFactory().registerSingleton("testIdentityMockMvcDefaults", customizer);
        }
    }
}
