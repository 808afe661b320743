package org.issuedesk.systemtests;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link SharedSystem} parameters: started by the first test class that asks, kept in the root context's
 * store, closed by JUnit when the run ends. Failsafe runs all ITs in one JVM and one JUnit run (forkCount 1,
 * reuseForks), so there is one start per {@code verify}.
 */
final class SharedSystemExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSystem.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SharedSystem.class;
    }

    @Override
    public SharedSystem resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // a failed start is kept too: the next classes fail at once with its cause instead of trying again
        Object started = context.getRoot().getStore(NAMESPACE).computeIfAbsent(SharedSystem.class, type -> {
            try {
                return SharedSystem.start();
            } catch (RuntimeException e) {
                return e;
            }
        });
        if (started instanceof RuntimeException failed) {
            throw new IllegalStateException("the shared system did not start", failed);
        }
        return (SharedSystem) started;
    }
}
