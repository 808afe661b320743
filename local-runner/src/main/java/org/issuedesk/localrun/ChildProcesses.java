package org.issuedesk.localrun;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the broker and the services have in common as child JVMs. */
final class ChildProcesses {

    private static final int TAIL_BYTES = 64 * 1024;
    private static final Path SETSID = findSetsid();

    private ChildProcesses() {
    }

    /** The java of the JVM we run in, so children use the same JDK as the parent. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The command, prefixed with {@code setsid} where it exists (Linux): the child then leaves the
     * terminal's process group, so a Ctrl-C reaches only the parent, which stops the children in
     * order (gateway, services, broker) instead of all of them at once. setsid execs in place (a child
     * of a JVM is no group leader), so the process id stays the child's own.
     */
    static List<String> detached(List<String> command) {
        if (SETSID == null) {
            return List.copyOf(command);
        }
        List<String> result = new ArrayList<>(command.size() + 1);
        result.add(SETSID.toString());
        result.addAll(command);
        return result;
    }

    /** SIGTERM, then SIGKILL if the process has not ended within the grace period. */
    static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps the previous run's log as {@code <name>.1} so a restart does not lose it. */
    static void rotate(Path logFile) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (Files.exists(logFile)) {
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The last lines of a log file (read from its end, so a large log costs nothing). */
    static String tail(Path file, int lines) {
        if (file == null || !Files.isReadable(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            return String.join(System.lineSeparator(),
                    Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static Path findSetsid() {
        for (String dir : new String[] {"/usr/bin", "/bin"}) {
            Path candidate = Path.of(dir, "setsid");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
