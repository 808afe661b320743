package org.issuedesk.systemtests;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order of the system test classes (junit-platform.properties): first those that start their own system
 * (FaultToleranceIT kills its services), then the {@link SharedSystemTest}s, which start the shared system once and
 * leave it running until the run ends; by class name within each group (ConsoleIT first on the fresh shared system,
 * so its screenshots show only its own cases).
 */
public final class OwnSystemsFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor c) -> c.isAnnotated(SharedSystemTest.class))
                .thenComparing(c -> c.getTestClass().getName()));
    }
}
