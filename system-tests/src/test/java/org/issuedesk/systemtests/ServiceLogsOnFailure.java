package org.issuedesk.systemtests;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** On a failed test, the end of each service's log goes to the test's output: the services run as processes. */
final class ServiceLogsOnFailure implements TestWatcher {

    private final Supplier<IssueDeskProcesses> system;

    /** @param system the class's running system, read when a test fails (null while none is started) */
    ServiceLogsOnFailure(Supplier<IssueDeskProcesses> system) {
        this.system = system;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        print(system.get(), context);
    }

    static void print(IssueDeskProcesses system, ExtensionContext context) {
        if (system != null) {
            System.err.println("Services' logs after " + context.getDisplayName() + " failed:" + system.logTails(40));
        }
    }
}
