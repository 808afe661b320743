package org.issuedesk.systemtests;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A system test class that runs against the {@link SharedSystem} (a parameter of type SharedSystem, e.g. of its
 * {@code @BeforeAll}). Only for tests that leave the system as they found it for others: no killed service, no
 * changed setting, their own post ids, keys and cases. Such classes run after the ones with their own system
 * ({@link OwnSystemsFirst}), so the shared one never idles next to them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedSystemExtension.class)
@interface SharedSystemTest {
}
